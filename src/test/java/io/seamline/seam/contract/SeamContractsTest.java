package io.seamline.seam.contract;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeamContractsTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void everyContractFile_isLoaded_andDeclaresTheSeamsOfThePlatform() throws IOException {
        List<SeamContract> seams = SeamContracts.load(REPO);

        assertThat(seams).extracting(SeamContract::seam).contains("write", "relay", "rowstore/product",
                "rowstore/order", "warehouse/bronze.events", "warehouse/silver.products", "search", "vectors");
        SeamContract write = seam(seams, "write");
        assertTrue(write.synchronous());
        assertThat(write.consumer()).isNull();
        assertThat(write.events()).contains("ProductCreated", "OrderPlaced");
        SeamContract search = seam(seams, "search");
        assertEquals("search", search.consumer());
        assertEquals(new SeamContract.FreshnessSla(Duration.ofMillis(200), Duration.ofSeconds(5)),
                search.freshness().orElseThrow());
        assertEquals("warehouse", seam(seams, "warehouse/gold.daily_revenue").consumer());
        assertEquals(List.of("aggregateId", "sequence"), seam(seams, "relay").idempotencyKey());
        assertThat(seams).allSatisfy(s -> assertTrue(s.synchronous() || s.freshness().isPresent(), s.seam()));
    }

    @Test
    void theClassPath_holdsTheSameContractsAsTheRepository() throws IOException {
        assertEquals(SeamContracts.load(REPO), SeamContracts.loadFromClassPath(SeamContracts.filesIn(REPO)));
    }

    @Test
    void malformedContracts_areRefusedNamingFileAndField(@TempDir Path copy) throws IOException {
        assertRefused(copy, "projections/search/contract.yaml", "team:\n  name: search\n", "team:\n  nam: search\n",
                "projections/search/contract.yaml: team.name: missing");
        assertRefused(copy, "projections/search/contract.yaml", "warnAfter: 200ms", "warnAfter: 2x",
                "projections/search/contract.yaml: schema[0].customProperties[5].value.warnAfter: unknown unit 'x'");
        assertRefused(copy, "projections/rowstore/contract.yaml", "warnAfter: 5s, errorAfter: 60s",
                "warnAfter: 60s, errorAfter: 5s", "projections/rowstore/contract.yaml: customProperties[3].value: "
                        + "warnAfter PT1M must be shorter than errorAfter PT5S");
        assertRefused(copy, "projections/rowstore/contract.yaml", "value: [OrderPlaced, OrderPaid,",
                "value: [OrderExploded, OrderPaid,", "projections/rowstore/contract.yaml: "
                        + "schema[1].customProperties[1].value[0]: no event type 'OrderExploded' in the catalogue");
        assertRefused(copy, "projections/vectors/contract.yaml", "  - property: idempotencyKey\n    value: [productId, sequence]\n",
                "", "projections/vectors/contract.yaml: schema[0].customProperties: missing 'idempotencyKey'");
        assertRefused(copy, "projections/vectors/contract.yaml", "id: seamline-vectors",
                "id: seamline-vectors\nid: again", "projections/vectors/contract.yaml: not valid YAML: Duplicate field 'id'");
    }

    @Test
    void aSeamWithoutFreshness_loads_withNoSla(@TempDir Path copy) throws IOException {
        copyRepo(copy);
        Path file = copy.resolve("projections/vectors/contract.yaml");
        Files.writeString(file, Files.readString(file).replace("  - property: freshness\n    value: {warnAfter: 5s, errorAfter: 60s}\n", ""));

        SeamContract vectors = seam(SeamContracts.load(copy), "vectors");

        assertTrue(vectors.freshness().isEmpty());
        assertThat(vectors.synchronous()).isFalse();
    }

    @Test
    void aMalformedContract_stopsStartUp_namingFileAndField(@TempDir Path copy) throws IOException {
        copyRepo(copy);
        Path file = copy.resolve("projections/search/contract.yaml");
        Files.writeString(file, Files.readString(file).replace("errorAfter: 5s", "errorAfter: soon"));
        SeamContracts contracts = new SeamContracts(null, () -> java.util.Optional.of(copy.toString())) {
            @Override
            public List<String> files() {
                try {
                    return SeamContracts.filesIn(copy);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        };

        assertThatThrownBy(() -> contracts.onStart(null)).isInstanceOf(io.seamline.platform.StartupFailure.class)
                .hasMessageContaining("projections/search/contract.yaml: schema[0].customProperties[5].value.errorAfter");
    }

    @Test
    void generatedContractTable_isUpToDate() throws IOException {
        assertEquals(ContractTable.render(SeamContracts.load(REPO)), Files.readString(REPO.resolve(ContractTable.PAGE)),
                ContractTable.PAGE + " is stale: run make docs");
    }

    private static void assertRefused(Path copy, String file, String from, String to, String message) throws IOException {
        copyRepo(copy);
        Path path = copy.resolve(file);
        String text = Files.readString(path);
        assertTrue(text.contains(from), file + " no longer contains " + from);
        Files.writeString(path, text.replace(from, to));
        assertThatThrownBy(() -> SeamContracts.load(copy)).isInstanceOf(MalformedContractException.class)
                .hasMessageStartingWith(message);
    }

    private static void copyRepo(Path copy) throws IOException {
        for (String file : SeamContracts.filesIn(REPO)) {
            Path target = copy.resolve(file);
            Files.createDirectories(target.getParent());
            Files.copy(REPO.resolve(file), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static SeamContract seam(List<SeamContract> seams, String id) {
        return seams.stream().filter(s -> s.seam().equals(id)).findFirst().orElseThrow(() -> new AssertionError(id));
    }
}
