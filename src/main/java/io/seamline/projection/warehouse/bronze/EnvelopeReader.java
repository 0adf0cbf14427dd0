package io.seamline.projection.warehouse.bronze;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.seamline.domain.Money;
import io.seamline.domain.StoredTime;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.table.ColumnTypes;
import io.seamline.seam.event.EventSchemas;
import io.seamline.seam.event.EventTypes;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * Reads one Kafka record into a bronze row and its typed event, or says which part of the event contract it
 * breaks. One streaming pass over the envelope: the payload is kept as the exact text that was sent (no
 * re-serialisation) and parsed once, for the schema check and the typed event silver folds.
 */
final class EnvelopeReader {

    /** Reads payload numbers exactly as written, so the schema sees 19.90, not a double. */
    private static final ObjectMapper EXACT = EventJson.newMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));

    /** Payloads checked against their event schema in this process, by every landing: the cost a refold avoids. */
    static final LongAdder CHECKED = new LongAdder();

    private EnvelopeReader() {
    }

    /** A record that can land: the bronze row and the event its payload decodes to. */
    record Read(BronzeRecord row, Object event) {
    }

    static Read read(ConsumerRecord<String, byte[]> record, Instant now) throws RefusedRecord {
        Fields f = new Fields();
        byte[] value = record.value();
        try (JsonParser parser = EXACT.createParser(value)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new RefusedRecord(null, null, "not an event envelope: not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken token = parser.nextToken();
                f.read(name, token, parser, value);
            }
        } catch (IOException | RuntimeException e) {
            throw new RefusedRecord(f.eventId, f.type, "not an event envelope: " + e.getMessage());
        }
        if (f.eventId == null || f.type == null || f.aggregateType == null || f.aggregateId == null
                || f.timestamp == null || f.payload == null || f.sequence < 0 || f.globalIndex < 0
                || f.schemaVersion < 1) {
            throw new RefusedRecord(f.eventId, f.type, "envelope lacks one of eventId, type, schemaVersion, "
                    + "aggregateType, aggregateId, sequence, globalIndex, timestamp, payload");
        }
        Class<?> eventClass = EventTypes.byName(f.type).orElseThrow(() -> new RefusedRecord(f.eventId, f.type,
                "unknown event type " + f.type));
        if (f.schemaVersion != EventTypes.version(eventClass)) {
            // the relay sends every event upcast to its current version; silver could not fold another one
            throw new RefusedRecord(f.eventId, f.type, f.type + " v" + f.schemaVersion
                    + " is not the current version v" + EventTypes.version(eventClass));
        }
        CHECKED.increment();
        List<String> violations = EventSchemas.violations(f.type, f.schemaVersion, f.payload);
        if (!violations.isEmpty()) {
            throw new RefusedRecord(f.eventId, f.type, "payload violates " + EventSchemas.file(f.type, f.schemaVersion)
                    + ": " + String.join("; ", violations));
        }
        Object event;
        try {
            event = EventJson.mapper().treeToValue(f.payload, eventClass);
        } catch (IOException | RuntimeException e) {
            throw new RefusedRecord(f.eventId, f.type, "payload does not decode as " + f.type + ": " + e.getMessage());
        }
        String unfit = unfit(event, f.timestamp);
        if (unfit != null) {
            // folded, it would fail every commit of silver or gold: refused here, it stops nothing
            throw new RefusedRecord(f.eventId, f.type, "does not fit the warehouse: " + unfit);
        }
        BronzeEvent bronze = new BronzeEvent(f.eventId, f.type, f.schemaVersion, f.aggregateType, f.aggregateId,
                f.sequence, f.globalIndex, f.timestamp, f.payloadText);
        return new Read(new BronzeRecord(bronze, record.partition(), record.offset(), f.correlationId, now), event);
    }

    /**
     * What of the event the warehouse's types cannot hold, or null: an amount beyond DECIMAL(18,2) (an order line's
     * amount included), a time outside the years 1 to 9999. The write side refuses both; a record that bypassed it
     * (an older writer, a bug, a producer writing to the topic directly) is refused here.
     */
    static String unfit(Object event, Instant eventTime) {
        if (!StoredTime.holds(eventTime)) {
            return "event time " + eventTime + " is outside the years 1 to 9999";
        }
        return switch (event) {
            case ProductCreatedEvent e -> unfitMoney("price", e.price());
            case ProductUpdatedEvent e -> unfitMoney("price", e.price());
            case OrderPlacedEvent e -> {
                if (e.placedAt() != null && !StoredTime.holds(e.placedAt())) {
                    yield "placedAt " + e.placedAt() + " is outside the years 1 to 9999";
                }
                String total = unfitMoney("total", e.total());
                for (int i = 0; total == null && i < e.lines().size(); i++) {
                    OrderLine line = e.lines().get(i);
                    total = unfitMoney("lines[" + i + "].unitPrice", line.unitPrice());
                    if (total == null) {
                        total = unfitMoney("lines[" + i + "].amount", line.amount());
                    }
                }
                yield total;
            }
            default -> null;
        };
    }

    private static final BigDecimal MONEY_LIMIT = BigDecimal.TEN.pow(ColumnTypes.MONEY_PRECISION
            - ColumnTypes.MONEY_SCALE);

    private static String unfitMoney(String field, Money money) {
        return money == null || money.amount().abs().compareTo(MONEY_LIMIT) < 0 ? null
                : field + " " + money.amount().toPlainString() + " does not fit DECIMAL("
                + ColumnTypes.MONEY_PRECISION + "," + ColumnTypes.MONEY_SCALE + ")";
    }

    /** The envelope's fields as the parser meets them; unknown fields are skipped (newer producers may add some). */
    private static final class Fields {
        String eventId;
        String type;
        int schemaVersion = -1;
        String aggregateType;
        String aggregateId;
        long sequence = -1;
        long globalIndex = -1;
        Instant timestamp;
        String correlationId;
        JsonNode payload;
        String payloadText;

        void read(String name, JsonToken token, JsonParser parser, byte[] value) throws IOException {
            switch (name) {
                case "eventId" -> eventId = text(token, parser);
                case "type" -> type = text(token, parser);
                // "version": records relayed before the field was named schemaVersion
                case "schemaVersion", "version" ->
                        schemaVersion = token == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
                case "aggregateType" -> aggregateType = text(token, parser);
                case "aggregateId" -> aggregateId = text(token, parser);
                case "sequence" -> sequence = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                case "globalIndex" -> globalIndex = token == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                case "timestamp" -> timestamp = instant(text(token, parser));
                case "correlationId" -> correlationId = text(token, parser);
                case "payload" -> {
                    if (token != JsonToken.START_OBJECT) {
                        parser.skipChildren();
                        return;
                    }
                    int start = (int) parser.currentTokenLocation().getByteOffset();
                    payload = parser.readValueAsTree();
                    int end = (int) parser.currentLocation().getByteOffset();
                    payloadText = new String(value, start, end - start, StandardCharsets.UTF_8);
                }
                default -> parser.skipChildren();
            }
        }

        private static String text(JsonToken token, JsonParser parser) throws IOException {
            return token == JsonToken.VALUE_STRING ? parser.getText() : null;
        }

        private static Instant instant(String text) {
            try {
                return text == null ? null : Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }

    /** Why a record cannot land; carries what could be read of it. */
    static final class RefusedRecord extends Exception {
        private final String eventId;
        private final String type;

        RefusedRecord(String eventId, String type, String reason) {
            super(reason, null, false, false);
            this.eventId = eventId;
            this.type = type;
        }

        QuarantinedRecord quarantined(ConsumerRecord<String, byte[]> record, Instant now) {
            String raw = record.value() == null ? "" : new String(record.value(), StandardCharsets.UTF_8);
            return new QuarantinedRecord(record.partition(), record.offset(), eventId, type, getMessage(), raw, now);
        }
    }
}
