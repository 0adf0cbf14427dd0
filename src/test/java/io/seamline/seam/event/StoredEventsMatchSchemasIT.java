package io.seamline.seam.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.seamline.domain.Money;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.platform.EventJson;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import io.seamline.seam.log.EventLog;

import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The contract at both ends of the relay, on real data: every row in the event store validates against the
 * schema of its own type and version, and every envelope on Kafka against the current version's schema.
 */
@QuarkusTest
class StoredEventsMatchSchemasIT {

    @Inject
    CommandGateway commands;
    @Inject
    DataSource dataSource;
    @Inject
    EventLog log;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void everyEventType_storedAndPublished_validatesAgainstItsSchema() throws Exception {
        appendOneOfEveryType();
        List<String> violations = new ArrayList<>();
        int rows = 0;
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select globalindex, payloadtype, payloadrevision, payload from domainevententry")) {
            while (rs.next()) {
                rows++;
                Class<?> type = Class.forName(rs.getString(2));
                String file = EventSchemas.file(EventTypes.typeName(type), Integer.parseInt(rs.getString(3)));
                JsonNode payload = EventJson.mapper().readTree(rs.getBytes(4));
                EventSchemas.violations(file, payload).forEach(v -> violations.add("row " + global(rs) + " " + file + ": " + v));
            }
        }
        assertThat(rows).isGreaterThanOrEqualTo(EventTypes.ALL.size());
        assertThat(violations).isEmpty();

        long head = log.head();
        await().atMost(Duration.ofSeconds(30)).until(() -> relayed().stream()
                .anyMatch(r -> Long.parseLong(KafkaFixtures.header(r, EventEnvelope.HEADER_GLOBAL_INDEX)) == head));
        for (ConsumerRecord<String, byte[]> record : relayed()) {
            EventEnvelope envelope = EventJson.mapper().readValue(record.value(), EventEnvelope.class);
            Class<?> type = EventTypes.byName(envelope.type()).orElseThrow();
            assertThat(envelope.schemaVersion()).isEqualTo(EventTypes.version(type));
            String file = EventSchemas.file(envelope.type(), envelope.schemaVersion());
            EventSchemas.violations(file, envelope.payload())
                    .forEach(v -> violations.add("offset " + record.offset() + " " + file + ": " + v));
        }
        assertThat(violations).isEmpty();
    }

    /** What the relay published (other tests put headerless records of their own on the topic). */
    private List<ConsumerRecord<String, byte[]>> relayed() {
        return kafka.readAll(topic).stream()
                .filter(r -> KafkaFixtures.header(r, EventEnvelope.HEADER_GLOBAL_INDEX) != null).toList();
    }

    private static long global(ResultSet rs) {
        try {
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    private void appendOneOfEveryType() {
        String product = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateProductCommand(product, "SCHEMA-" + product, "Schema lamp", "Bright",
                "Lighting", Money.of("24.00", "EUR"), Map.of("watt", "9")));
        commands.sendAndWait(new UpdateProductCommand(product, null, null, null, null, Money.of("22.00", "EUR"), null));
        await().atMost(Duration.ofSeconds(30)).until(() -> log.watermark("rowstore")
                .filter(w -> w.lastGlobalIndex() >= log.head()).isPresent());
        String shipped = UUID.randomUUID().toString();
        String cancelled = UUID.randomUUID().toString();
        List<PlaceOrderCommand.RequestedLine> lines = List.of(new PlaceOrderCommand.RequestedLine(product, 2));
        commands.sendAndWait(new PlaceOrderCommand(shipped, "c-1", lines, null));
        commands.sendAndWait(new PayOrderCommand(shipped, null));
        commands.sendAndWait(new ShipOrderCommand(shipped, null));
        commands.sendAndWait(new PlaceOrderCommand(cancelled, "c-2", lines, null));
        commands.sendAndWait(new CancelOrderCommand(cancelled, null, null));
        commands.sendAndWait(new DiscontinueProductCommand(product, null));
    }
}
