package io.seamline.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.sql.SqlAsOf;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The warehouse endpoints' parameters, from the strings a caller sent to the values a read takes; a parameter that
 * does not parse is refused naming it. Whether the table can answer (its columns, versions, partitions) the
 * warehouse decides.
 */
final class WarehouseParameters {

    private WarehouseParameters() {
    }

    /** A table read: blank parameters take their defaults. */
    static WarehouseQuery.Read read(String asOf, String columns, String limit, String from, String to) {
        return new WarehouseQuery.Read(asOf(asOf), columns(columns),
                blank(limit) ? WarehouseQuery.DEFAULT_LIMIT : limit(limit, WarehouseQuery.MAX_LIMIT),
                date("from", from), date("to", to));
    }

    /** A version number or an ISO-8601 instant; blank is the current version. */
    static AsOf asOf(String raw) {
        return asOf("asOf", raw);
    }

    /**
     * {@link #asOf(String)} for the query parameter {@code parameter}: a number is a version of a table, or for
     * lineage a global index of the event store.
     */
    static AsOf asOf(String parameter, String raw) {
        if (blank(raw)) {
            return AsOf.CURRENT;
        }
        String value = raw.trim();
        try {
            return value.chars().allMatch(Character::isDigit)
                    ? new AsOf.Version(Long.parseLong(value))
                    : new AsOf.At(Instant.parse(value));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new InvalidQueryParameter(parameter, parameter + " must be a number (a table version; for lineage a "
                    + "global index of the event store) or an ISO-8601 instant (e.g. 2026-11-23T10:15:30Z), got " + raw);
        }
    }

    /**
     * A SQL statement's asOf: absent or blank, every table at its current version; an ISO-8601 instant, every table
     * as of that time; an object, the tables it names (SQL name or id) each as of its own version number or instant
     * and the others current. A lone version number is refused: versions are per table. Which tables the keys name
     * the warehouse checks, as only it knows which tables the statement reads.
     */
    static SqlAsOf sqlAsOf(JsonNode raw) {
        if (raw == null || raw.isNull() || raw.isTextual() && raw.asText().isBlank()) {
            return SqlAsOf.CURRENT;
        }
        if (raw.isObject()) {
            Map<String, AsOf> pinned = new LinkedHashMap<>();
            raw.properties().forEach(pin -> pinned.put(pin.getKey(), pin(pin.getKey(), pin.getValue())));
            return SqlAsOf.pinned(pinned);
        }
        if (raw.isTextual()) {
            try {
                return SqlAsOf.at(Instant.parse(raw.asText().trim()));
            } catch (DateTimeParseException e) {
                // refused below, with the forms asOf may take
            }
        }
        throw new InvalidQueryParameter("asOf", "asOf must be an ISO-8601 instant for every table (e.g. "
                + "2026-11-23T10:15:30Z) or an object giving tables their own version number or instant (e.g. "
                + "{\"gold_daily_revenue\": 12, \"silver_orders\": \"2026-11-23T10:15:30Z\"}): versions are per "
                + "table; got " + raw);
    }

    /** One table's asOf in a SQL statement's asOf object: a version number (JSON number or string) or an instant. */
    private static AsOf pin(String table, JsonNode value) {
        String field = SqlAsOf.field(table);
        if (!(value.isTextual() || value.isNumber()) || value.asText().isBlank()) {
            throw new InvalidQueryParameter(field, field + " must be a version number or an ISO-8601 instant, got "
                    + value);
        }
        return asOf(field, value.asText());
    }

    /** A whole number; the range check is the warehouse's, {@code max} only words the refusal. */
    static long limit(String raw, long max) {
        String value = raw.trim();
        // at most nine digits, so any input parses without overflow
        if (!value.matches("[0-9]{1,9}")) {
            throw new InvalidQueryParameter("limit", "limit must be a whole number from 1 to " + max + ", got "
                    + raw);
        }
        return Long.parseLong(value);
    }

    /** Comma-separated column names in the order asked; blank is every column. */
    static List<String> columns(String raw) {
        return blank(raw) ? List.of() : Arrays.stream(raw.split(",", -1)).map(String::trim).toList();
    }

    /** An ISO date, or null when blank. */
    static LocalDate date(String parameter, String raw) {
        if (blank(raw)) {
            return null;
        }
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw new InvalidQueryParameter(parameter, parameter + " must be an ISO date (e.g. 2026-11-23), got "
                    + raw);
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
