package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seamline.domain.RuleViolation;
import io.seamline.projection.warehouse.RevenueCursor;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Base64;

/**
 * The dashboard's {@code nextCursor}: the table version a walk reads and the key of the last row it answered, as
 * base64url JSON. Opaque to callers, who only send it back.
 */
final class DashboardCursor {

    /** Longer than any cursor this class makes (a category path of 500 characters, a day, a currency). */
    private static final int MAX_LENGTH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private DashboardCursor() {
    }

    /** The cursor of a page that ended at {@code next}; null (no next page) stays null. */
    static String encode(RevenueCursor next) {
        if (next == null) {
            return null;
        }
        ObjectNode cursor = JSON.createObjectNode().put("v", next.version()).put("d", next.day().toString())
                .put("c", next.category()).put("k", next.currency());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The position a cursor carries, or null when blank (the first page); one this class did not make is refused. */
    static RevenueCursor decode(String raw) {
        if (ListParameters.blank(raw)) {
            return null;
        }
        try {
            if (raw.length() > MAX_LENGTH) {
                throw new IllegalArgumentException();
            }
            JsonNode cursor = JSON.readTree(Base64.getUrlDecoder().decode(raw.trim()));
            if (!cursor.path("v").canConvertToExactIntegral() || !cursor.path("d").isTextual()) {
                throw new IllegalArgumentException();
            }
            return new RevenueCursor(cursor.path("v").asLong(), LocalDate.parse(cursor.path("d").asText()),
                    cursor.path("c").asText(null), cursor.path("k").asText(null));
        } catch (IOException | IllegalArgumentException | DateTimeParseException e) {
            throw new RuleViolation("invalid-cursor", "cursor", "cursor is not a nextCursor the dashboard answered; "
                    + "send one back unchanged, or none for the first page");
        }
    }
}
