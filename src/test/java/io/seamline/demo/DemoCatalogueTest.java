package io.seamline.demo;

import io.seamline.domain.CategoryPath;
import io.seamline.product.api.CreateProductCommand;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

class DemoCatalogueTest {

    private static final List<CreateProductCommand> CATALOGUE = DemoCatalogue.commands();

    @Test
    void everyProduct_hasACategory_derivedOrUncategorisedWhereUpstreamHasNone() {
        assertThat(CATALOGUE).hasSize(6_764).allSatisfy(p -> assertThat(p.category()).isNotBlank());
        Map<String, Long> sources = CATALOGUE.stream().filter(p -> p.attributes().containsKey("category_source"))
                .collect(Collectors.groupingBy(p -> p.attributes().get("category_source"), Collectors.counting()));
        // 252 products have no category upstream; each is either derived from similar titles or Uncategorised
        assertEquals(252L, sources.values().stream().mapToLong(Long::longValue).sum());
        // measured with the shipped catalogue: titles decide 200 of them, 52 stay Uncategorised
        assertEquals(Map.of("derived", 200L, "none", 52L), sources);
        assertThat(CATALOGUE).filteredOn(p -> "none".equals(p.attributes().get("category_source")))
                .allSatisfy(p -> assertEquals(CategoryPath.UNCATEGORISED, p.category()));
        List<String> upstream = CATALOGUE.stream().filter(p -> !p.attributes().containsKey("category_source"))
                .map(CreateProductCommand::category).toList();
        assertThat(CATALOGUE).filteredOn(p -> "derived".equals(p.attributes().get("category_source")))
                .allSatisfy(p -> assertThat(upstream).as(p.category() + " is (a prefix of) a real category path")
                        .anyMatch(c -> c.equals(p.category()) || c.startsWith(p.category() + " > ")));
    }

    @Test
    void categoryGuess_takesTheCategoryOfSimilarTitles_andGivesUpOnNonsense() {
        CategoryGuess guess = new CategoryGuess(DemoCatalogue.rows());
        assertThat(guess.categoryOf("Memory Foam Mattress Queen Medium Firm")).contains("Mattresses");
        assertEquals(CategoryPath.UNCATEGORISED, guess.categoryOf("zzqx blorft 12345"));
    }

    @Test
    void generatedPrices_lieBetweenTheQuartilesOfTheirCategorysRealPrices_andAreMarked() {
        List<CreateProductCommand> generated = CATALOGUE.stream()
                .filter(p -> "true".equals(p.attributes().get("price_generated"))).toList();
        assertThat(generated).hasSize(4_777);
        for (CreateProductCommand p : generated) {
            String band = p.attributes().get("price_band");
            assertThat(band).isNotNull();
            assertThat(band.equals(PriceBands.WHOLE_CATALOGUE) || p.category().equals(band)
                    || p.category().startsWith(band + " > ")).as(p.productId() + " priced from its own category").isTrue();
            double[] real = CATALOGUE.stream().filter(r -> !r.attributes().containsKey("price_generated"))
                    .filter(r -> band.equals(PriceBands.WHOLE_CATALOGUE) || r.category().equals(band)
                            || r.category().startsWith(band + " > "))
                    .mapToDouble(r -> r.price().amount().doubleValue()).sorted().toArray();
            assertThat(real.length).isGreaterThanOrEqualTo(PriceBands.MIN_PRICES);
            double price = p.price().amount().doubleValue();
            assertThat(price).as(p.productId() + " in " + band)
                    .isBetween(quantile(real, 0.25) - 1, quantile(real, 0.75) + 1);
        }
    }

    @Test
    void aQueenMattress_withoutAnUpstreamPrice_costsWhatAMattressCosts() {
        CreateProductCommand mattress = CATALOGUE.stream().filter(p -> p.productId().equals("B0777K9RGX")).findFirst().orElseThrow();
        assertEquals("true", mattress.attributes().get("price_generated"));
        assertThat(mattress.price().amount()).isGreaterThan(new BigDecimal("100"));
    }

    @Test
    void upstreamPrices_areKept_andTheCatalogueIsTheSameOnEveryRun() {
        assertThat(CATALOGUE).filteredOn(p -> !p.attributes().containsKey("price_generated")).hasSize(6_764 - 4_777)
                .allSatisfy(p -> assertThat(p.attributes()).doesNotContainKey("price_band"));
        assertEquals(CATALOGUE, DemoCatalogue.commands());
    }

    private static double quantile(double[] sorted, double q) {
        return new PriceBands.Band("test", sorted).quantile(q);
    }
}
