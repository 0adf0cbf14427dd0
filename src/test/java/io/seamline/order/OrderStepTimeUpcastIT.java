package io.seamline.order;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.support.LegacyEvents;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An OrderPaid row of schema version 1 (no paidAt), written raw into the event store as an old release wrote it,
 * is read back as version 2 paid at the time it was stored: in the history and by the aggregate, which then
 * refuses a shipment dated before that payment and accepts one after it.
 */
@QuarkusTest
class OrderStepTimeUpcastIT {

    @Inject
    DataSource dataSource;
    @Inject
    EventLog log;
    @Inject
    CommandGateway commands;

    @Test
    void storedV1Payment_readBack_isV2PaidWhenStored_andOrdersTheShipment() throws Exception {
        String product = UUID.randomUUID().toString();
        commands.sendAndWait(new CreateProductCommand(product, "UPCAST-" + product.substring(0, 8), "Old lamp", null,
                "Lighting", Money.of("24.00", "EUR"), Map.of()));
        await().atMost(Duration.ofSeconds(30)).until(() -> log.watermark("rowstore")
                .filter(w -> w.lastGlobalIndex() >= log.head()).isPresent());
        String order = UUID.randomUUID().toString();
        Instant placedAt = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.MILLIS);
        commands.sendAndWait(new PlaceOrderCommand(order, "c-upcast",
                List.of(new PlaceOrderCommand.RequestedLine(product, 1)), placedAt));
        Instant storedAt = placedAt.plus(Duration.ofHours(5));
        insertV1Paid(order, storedAt);

        List<EventEnvelope> history = log.history(order);
        assertEquals(2, history.size());
        EventEnvelope paid = history.get(1);
        assertEquals("OrderPaid", paid.type());
        assertEquals(2, paid.schemaVersion());
        assertEquals(storedAt, Instant.parse(paid.payload().get("paidAt").asText()));

        assertThatThrownBy(() -> commands.sendAndWait(new ShipOrderCommand(order, 1L, storedAt.minusSeconds(1))))
                .isInstanceOf(RuleViolation.class).hasMessageContaining("before the order's previous step");
        Instant shippedAt = storedAt.plus(Duration.ofDays(1));
        long version = commands.sendAndWait(new ShipOrderCommand(order, 1L, shippedAt));
        assertEquals(2L, version);
        assertThat(log.history(order)).last().satisfies(shipped ->
                assertEquals(shippedAt, Instant.parse(shipped.payload().get("shippedAt").asText())));
    }

    private void insertV1Paid(String order, Instant storedAt) throws Exception {
        LegacyEvents.appendV1(dataSource, "Order", order, 1, OrderPaidEvent.class, """
                {"orderId":"%s","amount":{"amount":24.00,"currency":"EUR"}}""".formatted(order), storedAt);
    }
}
