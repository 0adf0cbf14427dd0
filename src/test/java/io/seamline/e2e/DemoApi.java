package io.seamline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

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

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
