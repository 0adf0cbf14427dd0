package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.vector.SearchFilter;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Category and price filters inside the BM25 index, the price and rating its hits carry, and its format upgrade. */
class KeywordFilterTest {

    @TempDir
    Path dir;

    private KeywordIndex index;
    private long globalIndex;
    private long offset;

    @BeforeEach
    void open() throws IOException {
        index = KeywordIndex.open(dir);
        List<ConsumedEvent> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) { // the strongest matches: the word three times in the title
            batch.add(created("k" + i, "Kettle kettle kettle " + i, "Home & Kitchen > Kettles", "30.00", "4.5"));
        }
        for (int i = 0; i < 3; i++) { // weak matches: the word once, in a long description
            batch.add(created("g" + i, "Garden hose " + i, "Garden > Watering", "1" + i + ".00", null,
                    "Fills a kettle from the tap in the shed, and waters roses, lawns and hedges all summer long"));
        }
        index.apply(batch);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void aCategoryFilter_returnsKInFilterHits_whereTheUnfilteredTopKAreAllOutside() throws IOException {
        assertThat(ids(index.search("kettle", 3))).allMatch(id -> id.startsWith("k"));

        List<String> garden = ids(index.search("kettle", 3, filter("garden", null, null, null)));

        assertThat(garden).containsExactlyInAnyOrder("g0", "g1", "g2");
    }

    @Test
    void aCategoryPrefix_matchesWholeLevels_ignoringCaseAndSpaces() throws IOException {
        assertThat(ids(index.search("kettle", 10, filter("home & kitchen>KETTLES", null, null, null))))
                .hasSize(5);
        assertThat(ids(index.search("kettle", 10, filter("Home & Kitchen > Kett", null, null, null)))).isEmpty();
        assertThat(ids(index.search("kettle", 10, filter("Home", null, null, null)))).isEmpty();
    }

    @Test
    void aPriceRange_isInOneCurrency_boundsInclusive() throws IOException {
        assertThat(ids(index.search("kettle", 10, filter(null, "11", "12.00", "EUR"))))
                .containsExactlyInAnyOrder("g1", "g2");
        assertThat(ids(index.search("kettle", 10, filter(null, "11", "12", "USD")))).isEmpty();
        assertThat(ids(index.search("kettle", 10, filter(null, null, null, "EUR")))).hasSize(8);
    }

    @Test
    void aPriceChange_movesTheProductAcrossTheRange_andTheHitShowsTheNewPrice() throws IOException {
        index.apply(List.of(repriced("k0", 1, "5.00")));

        KeywordResult cheap = index.search("kettle", 10, filter(null, "0", "9.99", "EUR"));
        assertThat(ids(cheap)).containsExactly("k0");
        assertEquals(Money.of("5.00", "EUR"), cheap.hits().getFirst().price());

        // a later change of words re-indexes the document whole: the price changed in place must survive it
        index.apply(List.of(retitled("k0", 2, "Kettle kettle kettle renamed")));
        assertThat(ids(index.search("kettle", 10, filter(null, "0", "9.99", "EUR")))).containsExactly("k0");
        // and within one batch, a reprice followed by a retitle
        index.apply(List.of(repriced("k1", 1, "6.00"), retitled("k1", 2, "Kettle kettle kettle new")));
        assertThat(ids(index.search("kettle", 10, filter(null, "0", "9.99", "EUR"))))
                .containsExactlyInAnyOrder("k0", "k1");
    }

    @Test
    void hits_carryPriceRatingAndCategoryPath_ratingNullWhereTheCatalogueHasNone() throws IOException {
        KeywordHit kettle = index.describe(List.of("k3")).get("k3");
        assertEquals(Money.of("30.00", "EUR"), kettle.price());
        assertEquals(4.5, kettle.rating());
        assertEquals("Home & Kitchen > Kettles", kettle.category());
        assertThat(index.describe(List.of("g0")).get("g0").rating()).isNull();
    }

    @Test
    void anIndexOfTheVersionBefore_isEmptiedAndRebuiltFromTheLog() throws IOException {
        index.close();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            writer.setLiveCommitData(Map.of("seamline.format", KeywordIndex.FORMAT, "seamline.format.version", "1")
                    .entrySet());
            writer.commit();
        }

        index = KeywordIndex.open(dir);

        assertEquals(StoredPosition.START, index.position());
        assertEquals(0, index.count());
    }

    @Test
    void whereAValueCameFrom_isNotSearched_andAGuessedCategoryFiltersButIsNotSearched() throws IOException {
        Map<String, String> provenance = Map.of("category_source", "derived", "price_generated", "true",
                "price_band", "Sports & Outdoors > Camping", "color", "olive");
        index.apply(List.of(event("t0", 0, new ProductCreatedEvent("t0", "SKU-t0", "Thermos flask", "Keeps tea hot",
                "Patio & Garden > Picnic", Money.of("19.00", "EUR"), provenance))));

        assertThat(ids(index.search("camping", 10))).as("the price band's words").doesNotContain("t0");
        assertThat(ids(index.search("picnic", 10))).as("the guessed category's words").doesNotContain("t0");
        assertThat(ids(index.search("olive", 10))).as("an attribute of the product").containsExactly("t0");
        assertThat(ids(index.search("flask", 10, filter("patio & garden", null, null, null))))
                .as("filtered by its guessed category").containsExactly("t0");
    }

    private static SearchFilter filter(String category, String min, String max, String currency) {
        return new SearchFilter(category, min == null ? null : new BigDecimal(min),
                max == null ? null : new BigDecimal(max), currency);
    }

    private static List<String> ids(KeywordResult result) {
        return result.hits().stream().map(KeywordHit::productId).toList();
    }

    private ConsumedEvent created(String id, String title, String category, String price, String rating) {
        return created(id, title, category, price, rating, "Boils water");
    }

    private ConsumedEvent created(String id, String title, String category, String price, String rating,
                                  String description) {
        Map<String, String> attributes = rating == null ? Map.of() : Map.of("rating", rating);
        return event(id, 0, new ProductCreatedEvent(id, "SKU-" + id, title, description, category,
                Money.of(price, "EUR"), attributes));
    }

    private ConsumedEvent repriced(String id, long sequence, String amount) {
        return event(id, sequence, new ProductUpdatedEvent(id, null, null, null, Money.of(amount, "EUR"), null));
    }

    private ConsumedEvent retitled(String id, long sequence, String title) {
        return event(id, sequence, new ProductUpdatedEvent(id, title, null, null, null, null));
    }

    private ConsumedEvent event(String aggregateId, long sequence, Object payload) {
        Class<?> type = payload.getClass();
        EventEnvelope envelope = new EventEnvelope("e-" + globalIndex, EventTypes.typeName(type),
                EventTypes.version(type), EventTypes.aggregateType(type), aggregateId, sequence, globalIndex++,
                Instant.parse("2026-11-23T00:00:00Z").plusSeconds(globalIndex), null,
                EventJson.mapper().valueToTree(payload));
        return new ConsumedEvent(envelope, payload, 0, offset++);
    }
}
