package io.seamline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The service's HTTP API as the demo calls it, with a token holding every role: over java.net.http against a
 * service process ({@link HttpDemoApi}), or through the test fixtures against the in-test service.
 */
interface DemoApi {

    /** Numbers as BigDecimal, so prices and revenue compare to the cent. */
    ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    /** An answer: its status and its body, as JSON when it is JSON ({@link MissingNode} otherwise). */
    record Answer(int status, String text) {

        JsonNode json() {
            try {
                return text == null || text.isBlank() ? MissingNode.getInstance() : JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return MissingNode.getInstance();
            }
        }

        boolean ok() {
            return status / 100 == 2;
        }
    }

    /** Sends {@code method path} with a JSON body (null for none) and optional header pairs. */
    Answer send(String method, String path, String jsonBody, String... headers);

    /** GET {@code path}; fails unless it answers 2xx. */
    default JsonNode get(String path) {
        return ok("GET", path, send("GET", path, null));
    }

    /** {@code method path} with {@code body} serialized as JSON; fails unless it answers 2xx. */
    default JsonNode call(String method, String path, Object body, String... headers) {
        try {
            return ok(method, path, send(method, path, body == null ? null : JSON.writeValueAsString(body), headers));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode ok(String method, String path, Answer answer) {
        if (!answer.ok()) {
            throw new IllegalStateException(method + " " + path + " answered " + answer.status() + ": " + answer.text());
        }
        return answer.json();
    }

    /**
     * One read-only query through the SQL endpoint over the tables as they were at {@code asOf} (an ISO instant; null:
     * now); each row as column name to value.
     */
    default List<Map<String, JsonNode>> sql(String query, String asOf) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sql", query);
        if (asOf != null) {
            body.put("asOf", asOf);
        }
        JsonNode answer = call("POST", "/api/warehouse/sql", body);
        List<String> columns = new ArrayList<>();
        answer.path("columns").forEach(c -> columns.add(c.asText()));
        List<Map<String, JsonNode>> rows = new ArrayList<>();
        for (JsonNode r : answer.path("rows")) {
            Map<String, JsonNode> row = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                row.put(columns.get(i), r.get(i));
            }
            rows.add(row);
        }
        return rows;
    }

    /** {@link #sql(String, String)} now. */
    default List<Map<String, JsonNode>> sql(String query) {
        return sql(query, null);
    }

    /** A SQL string literal: the endpoint takes no parameters, so quotes are doubled. */
    static String literal(String value) {
        return "'" + Objects.requireNonNull(value).replace("'", "''") + "'";
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
