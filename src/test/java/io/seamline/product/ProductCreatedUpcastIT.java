package io.seamline.product;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.seamline.domain.Money;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.UpdateProductCommand;
import io.seamline.projection.rowstore.ProductRow;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.support.LegacyEvents;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A ProductCreated row of schema version 1 (price a bare number, no currency), written raw into the event
 * store as an old release wrote it, is read back as version 2 everywhere: in the history, by the aggregate
 * (which accepts a command on top of it), on Kafka and in the row store.
 */
@QuarkusTest
class ProductCreatedUpcastIT {

    @Inject
    DataSource dataSource;
    @Inject
    EventLog log;
    @Inject
    CommandGateway commands;
    @Inject
    RowStoreQueries rows;

    @Test
    void storedV1Row_readBack_isV2WithUsdPrice() throws Throwable {
        String id = UUID.randomUUID().toString();
        insertV1(id, """
                {"productId":"%s","sku":"OLD-%s","title":"Old kettle","description":"from release 0.9",
                 "category":"Kitchen","price":12.5,"attributes":{"color":"black"}}""".formatted(id, id));

        List<EventEnvelope> history = log.history(id);
        assertEquals(1, history.size());
        EventEnvelope created = history.get(0);
        assertEquals("ProductCreated", created.type());
        assertEquals(2, created.schemaVersion());
        JsonNode price = created.payload().get("price");
        assertEquals(0, new BigDecimal("12.50").compareTo(price.get("amount").decimalValue()));
        assertEquals("USD", price.get("currency").asText());

        long version = commands.sendAndWait(new UpdateProductCommand(id, 0L, "Old kettle, relabelled", null, null,
                null, null));
        assertEquals(1L, version);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ProductRow row = VertxContextSupport.subscribeAndAwait(() -> rows.product(id));
            assertThat(row).isNotNull();
            assertEquals(new Money(new BigDecimal("12.50"), "USD"), new Money(row.priceAmount, row.priceCurrency));
            assertEquals("Old kettle, relabelled", row.title);
            assertEquals(1L, row.sequence);
        });
    }

    private void insertV1(String id, String payload) throws Exception {
        LegacyEvents.appendV1(dataSource, "Product", id, 0, ProductCreatedEvent.class, payload, Instant.now());
    }
}
