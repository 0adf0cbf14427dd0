package io.seamline.projection.warehouse.bronze;

import io.seamline.product.api.ProductCreatedEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeReaderTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String PAYLOAD = "{\"productId\":\"p-1\", \"sku\":\"K-1\",\"title\":\"Kettle\","
            + "\"description\":null,\"category\":\"Kitchen\",\"price\":{\"amount\":19.90,\"currency\":\"EUR\"},"
            + "\"attributes\":{}}";

    @Test
    void aValidEnvelopeLandsWithItsPayloadTextExactlyAsSentAndItsEventDecoded() throws Exception {
        EnvelopeReader.Read read = EnvelopeReader.read(record(envelope("ProductCreated", 2, PAYLOAD)), NOW);
        BronzeEvent event = read.row().event();
        assertThat(event.payload()).isEqualTo(PAYLOAD); // 19.90 and the space after the first comma kept
        assertThat(event.eventId()).isEqualTo("e-1");
        assertThat(event.aggregateId()).isEqualTo("p-1");
        assertThat(event.sequence()).isZero();
        assertThat(event.globalIndex()).isEqualTo(41);
        assertThat(event.eventTime()).isEqualTo(Instant.parse("2026-11-20T08:00:00Z"));
        assertThat(read.row().correlationId()).isEqualTo("c-1");
        assertThat(read.row().kafkaPartition()).isEqualTo(3);
        assertThat(read.row().kafkaOffset()).isEqualTo(17);
        assertThat(read.event()).isInstanceOfSatisfying(ProductCreatedEvent.class,
                e -> assertThat(e.price().amount()).isEqualTo(new BigDecimal("19.90")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json at all|not an event envelope",
            "[1,2]|not an event envelope",
            "{\"eventId\":\"e-1\"}|envelope lacks one of",
            "ENVELOPE:Nonsense:1|unknown event type Nonsense",
            "ENVELOPE:ProductCreated:1|ProductCreated v1 is not the current version v2",
            "BAD_PRICE|payload violates ProductCreated.v2.json",
            "HUGE_PRICE|does not fit the warehouse: price 10000000000000000.00 does not fit DECIMAL(18,2)",
            "FAR_FUTURE|does not fit the warehouse: event time +10000-01-01T00:00:00Z is outside the years 1 to 9999"})
    void whatBreaksTheContractIsRefusedWithTheReason(String value, String reason) {
        String json = switch (value) {
            case "BAD_PRICE" -> envelope("ProductCreated", 2, PAYLOAD.replace("19.90", "\"free\""));
            // past what the write side accepts, written to the topic by something else: refused at landing, as
            // folded it would fail every commit of silver
            case "HUGE_PRICE" -> envelope("ProductCreated", 2, PAYLOAD.replace("19.90", "10000000000000000.00"));
            case "FAR_FUTURE" -> envelope("ProductCreated", 2, PAYLOAD)
                    .replace("2026-11-20T08:00:00Z", "+10000-01-01T00:00:00Z");
            default -> value.startsWith("ENVELOPE:")
                    ? envelope(value.split(":")[1], Integer.parseInt(value.split(":")[2]), PAYLOAD)
                    : value;
        };
        assertThatThrownBy(() -> EnvelopeReader.read(record(json), NOW))
                .isInstanceOf(EnvelopeReader.RefusedRecord.class).hasMessageContaining(reason);
    }

    @Test
    void aRecordRelayedBeforeSchemaVersionWasNamedSoIsReadByItsOldName() throws Exception {
        String legacy = envelope("ProductCreated", 2, PAYLOAD).replace("\"schemaVersion\"", "\"version\"");
        assertThat(legacy).contains("\"version\":2");
        assertThat(EnvelopeReader.read(record(legacy), NOW).row().event().schemaVersion()).isEqualTo(2);
    }

    private static String envelope(String type, int schemaVersion, String payload) {
        return "{\"eventId\":\"e-1\",\"type\":\"" + type + "\",\"schemaVersion\":" + schemaVersion
                + ",\"aggregateType\":\"Product\","
                + "\"aggregateId\":\"p-1\",\"sequence\":0,\"globalIndex\":41,\"timestamp\":\"2026-11-20T08:00:00Z\","
                + "\"correlationId\":\"c-1\",\"extra\":{\"added\":[1,2]},\"payload\":" + payload + "}";
    }

    private static ConsumerRecord<String, byte[]> record(String value) {
        return new ConsumerRecord<>("t", 3, 17, "p-1", value.getBytes(StandardCharsets.UTF_8));
    }
}
