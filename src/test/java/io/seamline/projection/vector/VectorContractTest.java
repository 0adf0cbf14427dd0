package io.seamline.projection.vector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keeps {@code projections/vectors/contract.yaml} saying what the code does: group, files, formats, SLOs. */
class VectorContractTest {

    private static final Path CONTRACT = Path.of("projections/vectors/contract.yaml");

    @Test
    void contract_matchesTheCode() throws IOException {
        JsonNode root = new YAMLMapper().readTree(CONTRACT.toFile());
        assertEquals("DataContract", root.path("kind").asText());
        assertEquals("v3.1.0", root.path("apiVersion").asText());

        JsonNode events = root.path("servers").get(0);
        assertEquals(VectorReadModel.CONSUMER, property(events.path("customProperties"), "consumerGroup").asText());
        String files = root.path("servers").get(1).path("description").asText();
        assertThat(files).contains(VectorFiles.VECTORS_FORMAT, VectorFiles.GRAPH_FORMAT, VectorFiles.POSITION_FORMAT,
                ChangeLog.FORMAT, "changes.log", "version " + VectorFiles.VERSION);

        JsonNode products = root.path("schema").get(0);
        assertEquals("vectors.bin", products.path("physicalName").asText());
        assertThat(products.path("properties").findValuesAsText("name")).contains("product_id", "sequence",
                "text_hash", "vector", "discontinued");
        assertEquals("float32[" + SentenceEmbedder.DIMENSION + "]",
                products.path("properties").get(7).path("physicalType").asText());

        JsonNode custom = root.path("customProperties");
        JsonNode recall = property(custom, "recallSlo");
        assertEquals("recall@10", recall.path("metric").asText());
        assertEquals(0.95, recall.path("target").asDouble());
        assertEquals("[\"productId\",\"sequence\"]", property(custom, "idempotencyKey").toString());

        String errorAfter = property(custom, "freshness").path("errorAfter").asText();
        JsonNode latency = root.path("slaProperties").get(0);
        assertEquals(errorAfter, latency.path("value").asText() + latency.path("unit").asText());
    }

    private static JsonNode property(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("property").asText())) {
                return item.path("value");
            }
        }
        throw new AssertionError("no customProperty " + name);
    }
}
