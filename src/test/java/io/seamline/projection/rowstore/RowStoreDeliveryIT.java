package io.seamline.projection.rowstore;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.seamline.domain.Money;
import io.seamline.platform.EventJson;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.seam.consume.Quarantine;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.monitor.Freshness;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the row store does with records the relay would never send: a sequence that skips ahead is applied
 * and reported as a gap; a record that is no valid event goes to the dead-letter topic with its reason,
 * and the consumer carries on with the records after it.
 */
@QuarkusTest
class RowStoreDeliveryIT {

    @Inject
    CommandGateway commands;
    @Inject
    RowStoreQueries rows;
    @Inject
    EventLog log;
    @Inject
    Freshness freshness;
    @Inject
    KafkaFixtures kafka;
    @ConfigProperty(name = "seamline.topic")
    String topic;

    @Test
    void updateThatSkipsSequences_isAppliedAndReportedAsGap() throws Throwable {
        String id = createProduct();
        long gapsBefore = gaps();
        ObjectNode payload = EventJson.mapper().createObjectNode().put("productId", id).put("title", "After a gap")
                .putNull("description").putNull("category").putNull("price").putNull("attributes");
        publish(id, EventJson.mapper().writeValueAsBytes(new EventEnvelope(UUID.randomUUID().toString(),
                "ProductUpdated", 1, "Product", id, 3, log.head(), Instant.now(), "test", payload)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ProductRow row = row(id);
            assertEquals("After a gap", row.title);
            assertEquals(3, row.sequence);
            assertEquals(gapsBefore + 1, gaps());
        });
    }

    @Test
    void invalidRecord_goesToDeadLetters_andConsumerCarriesOn() throws Throwable {
        String marker = UUID.randomUUID().toString();
        publish(marker, ("not an envelope " + marker).getBytes(StandardCharsets.UTF_8));
        String after = createProduct();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(kafka.readAll(Quarantine.deadLetterTopic(topic)))
                        .anySatisfy(r -> {
                            assertEquals(marker, r.key());
                            assertEquals(RowStoreProjection.CONSUMER, KafkaFixtures.header(r, Quarantine.HEADER_CONSUMER));
                            assertThat(KafkaFixtures.header(r, Quarantine.HEADER_REASON)).isNotBlank();
                        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> row(after) != null);
    }

    private String createProduct() throws Throwable {
        String id = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateProductCommand(id, "DLV-" + id, "Delivery", null, null,
                Money.of("2.00", "EUR"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> row(id) != null);
        return id;
    }

    private ProductRow row(String id) throws Exception {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> rows.product(id));
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    private long gaps() {
        // every seam the row store feeds reports its consumer's gaps: read them once
        return freshness.current().stream().filter(f -> f.consumer().equals(RowStoreProjection.CONSUMER))
                .mapToLong(Freshness.ConsumerFreshness::sequenceGaps).findFirst().orElse(0);
    }

    private void publish(String key, byte[] value) throws Exception {
        kafka.send(new ProducerRecord<>(topic, key, value));
    }
}
