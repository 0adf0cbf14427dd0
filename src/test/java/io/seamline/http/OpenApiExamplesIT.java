package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.seamline.http.ApiFixtures.anonymous;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.placeOrder;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request-body example {@code /q/openapi} shows is sent, as a reader of the document would send it, to the
 * endpoint it documents and accepted there: an example the validation has come to refuse fails here, not in a
 * user's Swagger UI. The examples are read from the document (not from {@link ApiExamples}), so an example added to
 * any endpoint is sent too. Only what must differ per run is replaced: the SKU (SKUs are unique) and the example
 * product id (orders need a product that exists); a path's {id} is a product or an order made for the test.
 */
@QuarkusTest
class OpenApiExamplesIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FAULTS = "/api/admin/faults";

    @Test
    void everyRequestBodyExample_isAcceptedByTheEndpointItDocuments() throws Exception {
        String product = createProduct(ApiFixtures.productBody(uniqueSku(), "19.99", "USD"));
        Map<String, Supplier<String>> pathIds = Map.of(
                "/api/products/{id}", () -> product,
                "/api/orders/{id}/cancel", () -> placeOrder(product));
        JsonPath openapi = anonymous().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .extract().jsonPath();
        Map<String, Map<String, Map<String, Object>>> paths = openapi.getMap("paths");
        List<String> sent = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                Map<String, Object> content = OpenApiCompletenessIT.requestBodyContent(operation.getValue());
                for (var example : examples(content).entrySet()) {
                    String call = operation.getKey().toUpperCase() + " " + path.getKey() + " example "
                            + example.getKey();
                    String target = path.getKey();
                    if (target.contains("{")) {
                        Supplier<String> id = pathIds.get(target);
                        if (id == null) {
                            refused.add(call + ": the test knows no id for this path; add one to pathIds");
                            continue;
                        }
                        target = target.replace("{id}", id.get());
                    }
                    Response response = api().contentType(ContentType.JSON)
                            .body(JSON.writeValueAsString(forThisRun(example.getValue(), product)))
                            .request(operation.getKey(), target);
                    if (target.startsWith(FAULTS)) {
                        // an armed fault would break what the other tests of this application check
                        api().delete(FAULTS).then().statusCode(200);
                    }
                    sent.add(call);
                    if (response.statusCode() / 100 != 2) {
                        refused.add(call + " answered " + response.statusCode() + ": " + response.asString());
                    }
                }
            }
        }
        assertThat(refused).as("request-body examples their own endpoint does not accept").isEmpty();
        // create (1) and update (2) a product, place and cancel an order, three SQL statements, three faults
        assertThat(sent).as("examples sent").hasSizeGreaterThanOrEqualTo(11)
                .anyMatch(c -> c.startsWith("POST /api/products "))
                .anyMatch(c -> c.startsWith("POST /api/orders "))
                .anyMatch(c -> c.startsWith("POST /api/warehouse/sql "));
    }

    /** Each example of the body by name, whatever media type documents it, as JSON. */
    private static Map<String, JsonNode> examples(Map<String, Object> content) throws Exception {
        Map<String, JsonNode> found = new java.util.LinkedHashMap<>();
        for (var media : content.entrySet()) {
            if (!(media.getValue() instanceof Map<?, ?> type)) {
                continue;
            }
            if (type.get("example") != null) {
                found.put(media.getKey(), json(type.get("example")));
            }
            if (type.get("examples") instanceof Map<?, ?> named) {
                for (var example : named.entrySet()) {
                    if (example.getValue() instanceof Map<?, ?> object && object.containsKey("value")) {
                        found.put(String.valueOf(example.getKey()), json(object.get("value")));
                    }
                }
            }
        }
        return found;
    }

    /** An example as the document holds it: JSON already, or JSON text left as a string. */
    private static JsonNode json(Object value) throws Exception {
        return value instanceof String text ? JSON.readTree(text) : JSON.valueToTree(value);
    }

    /** The example with a fresh SKU and the example product id replaced by one that exists. */
    private static JsonNode forThisRun(JsonNode example, String product) {
        JsonNode copy = example.deepCopy();
        replace(copy, product);
        if (copy instanceof ObjectNode object && object.has("sku")) {
            object.put("sku", uniqueSku());
        }
        return copy;
    }

    private static void replace(JsonNode node, String product) {
        if (node instanceof ObjectNode object) {
            object.properties().forEach(field -> {
                if (field.getValue().isTextual() && field.getValue().asText().equals(ApiExamples.PRODUCT_ID)) {
                    field.setValue(TextNode.valueOf(product));
                } else {
                    replace(field.getValue(), product);
                }
            });
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                if (array.get(i).isTextual() && array.get(i).asText().equals(ApiExamples.PRODUCT_ID)) {
                    array.set(i, product);
                } else {
                    replace(array.get(i), product);
                }
            }
        }
    }
}
