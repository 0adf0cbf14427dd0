package io.seamline.projection.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The keyword contract speaks ODCS v3.1 and declares the fields, group and key the code actually uses. */
class KeywordContractTest {

    private final JsonNode contract = load();

    private static JsonNode load() {
        try {
            return new YAMLMapper().readTree(Path.of("projections/search/contract.yaml").toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void contract_hasTheOdcsShape() {
        assertEquals("DataContract", contract.path("kind").asText());
        assertEquals("v3.1.0", contract.path("apiVersion").asText());
        assertEquals("search", contract.path("servers").get(0).path("customProperties").get(1).path("value").asText());
    }

    @Test
    void schema_declaresEveryFieldOfTheDocument() {
        Set<String> declared = new TreeSet<>();
        contract.path("schema").get(0).path("properties").forEach(p -> declared.add(p.path("name").asText()));
        List<String> fields = new ArrayList<>(List.of(KeywordDocument.ID, KeywordDocument.SEQUENCE,
                KeywordDocument.STATUS, KeywordDocument.STATE, KeywordDocument.CATEGORY_PATH, KeywordDocument.RATING,
                KeywordDocument.PRICE_CENTS, KeywordDocument.CURRENCY));
        fields.addAll(KeywordDocument.TEXT_FIELDS);
        assertEquals(new TreeSet<>(fields), declared);
    }

    @Test
    void delivery_isKeyedOnProductAndSequence_inTheSearchGroup() {
        JsonNode custom = contract.path("schema").get(0).path("customProperties");
        String key = null;
        String group = null;
        for (JsonNode property : custom) {
            switch (property.path("property").asText()) {
                case "idempotencyKey" -> key = property.path("value").toString();
                case "source" -> group = property.path("value").path("consumerGroup").asText();
                default -> { }
            }
        }
        assertEquals("[\"" + KeywordDocument.ID + "\",\"" + KeywordDocument.SEQUENCE + "\"]", key);
        assertEquals(KeywordReadModel.GROUP, group);
    }
}
