package io.seamline.projection.rowstore;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.seamline.domain.Money;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import jakarta.inject.Inject;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import net.jqwik.api.sessions.JqwikSession;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Property: for any sequence of commands (creates, partial updates, price changes, discontinuations,
 * orders and their transitions, many of them refused), every row of the row store equals the fold of
 * its aggregate's history, computed here independently of the projection. Command sequences come from
 * jqwik arbitraries in a seeded session (the app runs under JUnit), so a failure names its seed.
 */
@QuarkusTest
class RowStoreFoldIT {

    private static final int PRODUCTS = 6;
    private static final int ORDERS = 8;
    private static final int COMMANDS = 80;

    @Inject
    CommandGateway gateway;
    @Inject
    EventLog log;
    @Inject
    RowStoreQueries rows;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1L, 7L, 42L, 2026L})
    void rowStore_anyCommandSequence_equalsFoldOfHistory(long seed) {
        List<String> products = ids(PRODUCTS);
        List<String> orders = ids(ORDERS);
        List<Object> commands;
        JqwikSession.start(Long.toString(seed)); // arbitraries outside a jqwik property, reproducible by seed
        try {
            commands = command(products, orders).list().ofSize(COMMANDS).sample();
        } finally {
            JqwikSession.finish();
        }
        for (Object command : commands) {
            try {
                gateway.sendAndWait(command);
            } catch (RuntimeException refused) {
                // refused commands append nothing; the property is about what was appended
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            for (String id : products) {
                assertProductMatchesFold(id);
            }
            for (String id : orders) {
                assertOrderMatchesFold(id);
            }
        });
    }

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add(UUID.randomUUID().toString());
        }
        return ids;
    }

    private static Arbitrary<Object> command(List<String> products, List<String> orders) {
        Arbitrary<String> product = Arbitraries.of(products);
        Arbitrary<String> order = Arbitraries.of(orders);
        Arbitrary<Money> price = Arbitraries.bigDecimals().between(new BigDecimal("-5"), new BigDecimal("500"))
                .ofScale(2).map(a -> new Money(a, "EUR"));
        Arbitrary<String> text = Arbitraries.strings().alpha().ofMinLength(0).ofMaxLength(12);
        Arbitrary<Map<String, String>> attributes = Arbitraries.maps(Arbitraries.of("color", "size", "brand"), text)
                .ofMaxSize(3);
        Arbitrary<Object> create = Combinators.combine(product, text, text, price, attributes).as(
                (id, title, category, p, attrs) -> new CreateProductCommand(id, "FOLD-" + id, title, "about " + title,
                        category, p, attrs));
        Arbitrary<Object> update = Combinators.combine(product, text.injectNull(0.5), text.injectNull(0.6),
                price.injectNull(0.5), attributes.injectNull(0.7)).as(
                (id, title, category, p, attrs) -> new UpdateProductCommand(id, null, title, null, category, p, attrs));
        Arbitrary<Object> discontinue = product.map(id -> new DiscontinueProductCommand(id, null));
        Arbitrary<PlaceOrderCommand.RequestedLine> line = Combinators.combine(product,
                Arbitraries.integers().between(-1, 4)).as(PlaceOrderCommand.RequestedLine::new);
        Arbitrary<Object> place = Combinators.combine(order, line.list().ofMinSize(1).ofMaxSize(3))
                .as((id, lines) -> new PlaceOrderCommand(id, "customer-" + id.substring(0, 4), lines, null));
        Arbitrary<Object> pay = order.map(id -> new PayOrderCommand(id, null));
        Arbitrary<Object> ship = order.map(id -> new ShipOrderCommand(id, null));
        Arbitrary<Object> cancel = order.map(id -> new CancelOrderCommand(id, null, "changed mind"));
        return Arbitraries.frequencyOf(
                Tuple.of(4, create), Tuple.of(5, update),
                Tuple.of(1, discontinue), Tuple.of(4, place),
                Tuple.of(3, pay), Tuple.of(2, ship), Tuple.of(1, cancel));
    }

    private void assertProductMatchesFold(String id) throws Throwable {
        List<EventEnvelope> history = log.history(id);
        ProductRow row = VertxContextSupport.subscribeAndAwait(() -> rows.product(id));
        if (history.isEmpty()) {
            assertThat(row).as("product %s was never created", id).isNull();
            return;
        }
        Map<String, Object> expected = new HashMap<>();
        for (EventEnvelope e : history) {
            JsonNode p = e.payload();
            switch (e.type()) {
                case "ProductCreated" -> {
                    for (String f : List.of("sku", "title", "description", "category")) {
                        expected.put(f, text(p.get(f)));
                    }
                    expected.put("price", money(p.get("price")));
                    expected.put("attributes", attributes(p.get("attributes")));
                    expected.put("discontinued", false);
                }
                case "ProductUpdated" -> {
                    for (String f : List.of("title", "description", "category")) {
                        if (!p.get(f).isNull()) {
                            expected.put(f, p.get(f).asText());
                        }
                    }
                    if (!p.get("price").isNull()) {
                        expected.put("price", money(p.get("price")));
                    }
                    if (!p.get("attributes").isNull()) {
                        expected.put("attributes", attributes(p.get("attributes")));
                    }
                }
                case "ProductDiscontinued" -> expected.put("discontinued", true);
                default -> throw new AssertionError("unexpected event " + e.type());
            }
            expected.put("sequence", e.sequence());
        }
        assertThat(row).as("row of product %s", id).isNotNull();
        Map<String, Object> actual = new HashMap<>();
        actual.put("sku", row.sku);
        actual.put("title", row.title);
        actual.put("description", row.description);
        actual.put("category", row.category);
        actual.put("price", row.priceAmount.toPlainString() + " " + row.priceCurrency);
        actual.put("attributes", new TreeMap<>(row.attributes));
        actual.put("discontinued", row.discontinued);
        actual.put("sequence", row.sequence);
        assertEquals(expected, actual, "product " + id);
    }

    private void assertOrderMatchesFold(String id) throws Throwable {
        List<EventEnvelope> history = log.history(id);
        OrderRow row = VertxContextSupport.subscribeAndAwait(() -> rows.order(id));
        if (history.isEmpty()) {
            assertThat(row).as("order %s was never placed", id).isNull();
            return;
        }
        Map<String, Object> expected = new HashMap<>();
        for (EventEnvelope e : history) {
            JsonNode p = e.payload();
            switch (e.type()) {
                case "OrderPlaced" -> {
                    expected.put("status", "PLACED");
                    expected.put("customerId", p.get("customerId").asText());
                    expected.put("total", money(p.get("total")));
                    List<String> lines = new ArrayList<>();
                    p.get("lines").forEach(l -> lines.add(l.get("productId").asText() + " x" + l.get("quantity").asInt()
                            + " @ " + l.get("unitPrice").get("amount").decimalValue().setScale(2).toPlainString()));
                    expected.put("lines", lines);
                }
                case "OrderPaid" -> expected.put("status", "PAID");
                case "OrderShipped" -> expected.put("status", "SHIPPED");
                case "OrderCancelled" -> expected.put("status", "CANCELLED");
                default -> throw new AssertionError("unexpected event " + e.type());
            }
            expected.put("sequence", e.sequence());
        }
        assertThat(row).as("row of order %s", id).isNotNull();
        Map<String, Object> actual = new HashMap<>();
        actual.put("status", row.status);
        actual.put("customerId", row.customerId);
        actual.put("total", row.totalAmount.toPlainString() + " " + row.currency);
        actual.put("lines", row.lines.items().stream().map(l -> l.productId() + " x" + l.quantity() + " @ "
                + l.unitPrice().setScale(2).toPlainString()).toList());
        actual.put("sequence", row.sequence);
        assertEquals(expected, actual, "order " + id);
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String money(JsonNode node) {
        return node.get("amount").decimalValue().setScale(2).toPlainString() + " " + node.get("currency").asText();
    }

    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> map = new TreeMap<>();
        node.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
        return map;
    }
}
