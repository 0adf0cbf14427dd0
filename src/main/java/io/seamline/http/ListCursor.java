package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seamline.domain.RuleViolation;
import io.seamline.projection.rowstore.RowStoreLists.Keyset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * A list's {@code nextCursor}: where the page ended (the sort key of its last row and its id) and the order it was in,
 * as base64url JSON. Opaque to callers, who only send it back; one made for another order is refused, as its key would
 * mean something else there.
 */
final class ListCursor {

    /** Longer than any cursor this class makes (a title of 500 characters, an id, an order). */
    private static final int MAX_LENGTH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ListCursor() {
    }

    /** The cursor of a page that ended at {@code next} in {@code order}; null (no next page) stays null. */
    static String encode(String order, Keyset next) {
        if (next == null) {
            return null;
        }
        ObjectNode cursor = JSON.createObjectNode().put("o", order).put("i", next.id());
        if (next.value() != null) {
            cursor.put("v", next.value());
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key a cursor carries, or null when blank (the first page); {@code timestamp} says whether the order's key is
     * an instant. A cursor this class did not make for {@code order} is refused naming {@code cursor}.
     */
    static Keyset decode(String raw, String order, boolean keyed, boolean timestamp) {
        if (ListParameters.blank(raw)) {
            return null;
        }
        try {
            if (raw.length() > MAX_LENGTH) {
                throw new IllegalArgumentException();
            }
            JsonNode cursor = JSON.readTree(Base64.getUrlDecoder().decode(raw.trim()));
            if (!order.equals(cursor.path("o").asText(null))) {
                throw new RuleViolation("invalid-cursor", "cursor", "this cursor belongs to a list in another order "
                        + "(sort=" + cursor.path("o").asText() + "); start again without a cursor");
            }
            String id = cursor.path("i").asText(null);
            String value = cursor.path("v").asText(null);
            if (id == null || keyed == (value == null)) {
                throw new IllegalArgumentException();
            }
            if (timestamp) {
                OffsetDateTime.parse(value);
            }
            return new Keyset(value, id);
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new RuleViolation("invalid-cursor", "cursor", "cursor is not a nextCursor this list answered; "
                    + "send one back unchanged, or none for the first page");
        }
    }
}
