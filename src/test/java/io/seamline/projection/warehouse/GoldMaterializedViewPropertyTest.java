package io.seamline.projection.warehouse;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLog;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.gold.Gold;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.silver.Silver;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.sql.DuckDbArrow;
import io.seamline.projection.warehouse.table.RowMapping;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Property: for any sequence of catalogue and order commands, delivered in any batch split with redeliveries
 * (and, in some runs, some events late), restarting from Arrow now and then, the incrementally maintained
 * gold tables equal, to the cent, what {@code projections/warehouse/gold/*.sql} compute in DuckDB over
 * silver converted to Arrow. Incremental = recompute.
 */
class GoldMaterializedViewPropertyTest {

    private static final int PRODUCTS = 4;
    private static final Instant DAY_ZERO = Instant.parse("2026-03-01T00:00:00Z");

    private static Connection duckdb;
    private static String factSalesSql;
    private static String dailyRevenueSql;

    @BeforeContainer
    static void openDuckDb() throws SQLException {
        // one in-memory database for all tries: each try replaces the three silver tables
        duckdb = DuckDbArrow.open();
        factSalesSql = resource("/projections/warehouse/gold/fact_sales.sql");
        dailyRevenueSql = resource("/projections/warehouse/gold/daily_revenue.sql");
    }

    @AfterContainer
    static void closeDuckDb() throws SQLException {
        duckdb.close();
    }

    @Property(tries = 200)
    void incrementalGold_equalsGoldSqlOverSilver(@ForAll("commands") List<Command> commands,
                                                 @ForAll("deliveries") Delivery delivery) throws SQLException {
        Domain domain = new Domain();
        commands.forEach(domain::handle);
        Random random = new Random(delivery.seed());

        try (BufferAllocator allocator = new RootAllocator()) {
            Silver silver = new Silver();
            Gold gold = new Gold();
            for (List<BronzeEvent> batch : batches(domain.log.events(), delivery, random)) {
                gold.apply(silver.apply(batch));
                if (random.nextInt(6) == 0) {
                    Silver restartedSilver = restartSilver(silver, allocator);
                    gold = restartGold(gold, allocator);
                    silver = restartedSilver;
                }
            }
            if (!delivery.late()) {
                // delivered in log order, silver is the fold of the commands' events
                assertThat(statuses(silver)).isEqualTo(domain.orderStatuses());
                assertThat(productStates(silver)).isEqualTo(domain.productStates());
            }

            register(allocator, "silver_products", SilverRows.PRODUCTS, silver.products());
            register(allocator, "silver_orders", SilverRows.ORDERS, silver.orders());
            register(allocator, "silver_order_lines", SilverRows.ORDER_LINES, silver.orderLines());
            List<FactSale> factSales = DuckDbArrow.query(duckdb, factSalesSql).rows().stream()
                    .map(GoldMaterializedViewPropertyTest::factSale).toList();
            List<DailyRevenue> dailyRevenue = DuckDbArrow.query(duckdb, dailyRevenueSql).rows().stream()
                    .map(GoldMaterializedViewPropertyTest::dailyRevenue).toList();

            assertThat(gold.factSales()).isEqualTo(factSales);
            assertThat(gold.dailyRevenue()).isEqualTo(dailyRevenue);
            assertThat(allocator.getAllocatedMemory()).isZero();
        }
    }

    // ---- commands, as the aggregates would accept or refuse them

    /** A command of the catalogue or of an order; products and orders are named by number. */
    sealed interface Command {
    }

    record CreateProduct(int product, String category, int cents, String currency) implements Command {
    }

    /** A null field leaves it as it is, as {@code UpdateProductCommand} does. */
    record UpdateProduct(int product, String category, Integer cents, boolean retitle) implements Command {
    }

    record DiscontinueProduct(int product) implements Command {
    }

    record PlaceOrder(int customer, List<RequestedLine> lines, int day, int secondOfDay) implements Command {
    }

    record RequestedLine(int product, int quantity) {
    }

    record PayOrder(int order) implements Command {
    }

    record ShipOrder(int order) implements Command {
    }

    record CancelOrder(int order) implements Command {
    }

    /** How the log is delivered: batches of at most {@code maxBatch}, and whether some events come late. */
    record Delivery(int maxBatch, boolean late, long seed) {
    }

    @Provide
    Arbitrary<List<Command>> commands() {
        Arbitrary<Integer> product = Arbitraries.integers().between(0, PRODUCTS - 1);
        Arbitrary<String> category = Arbitraries.of("books", "games", "toys");
        Arbitrary<Integer> cents = Arbitraries.integers().between(1, 5_000);
        Arbitrary<Integer> order = Arbitraries.integers().between(0, 30);
        Arbitrary<Command> create = Combinators.combine(product, category.injectNull(0.2), cents,
                Arbitraries.of("EUR", "USD")).as(CreateProduct::new);
        Arbitrary<Command> update = Combinators.combine(product, category.injectNull(0.3), cents.injectNull(0.5),
                Arbitraries.of(true, false)).as(UpdateProduct::new);
        Arbitrary<Command> discontinue = product.map(DiscontinueProduct::new);
        Arbitrary<RequestedLine> line = Combinators.combine(product, Arbitraries.integers().between(1, 3))
                .as(RequestedLine::new);
        // three days, any second: orders land on either side of midnight UTC
        Arbitrary<Command> place = Combinators.combine(Arbitraries.integers().between(0, 2),
                line.list().ofMinSize(1).ofMaxSize(3), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 86_399)).as(PlaceOrder::new);
        return Arbitraries.frequencyOf(
                Tuple.of(3, create), Tuple.of(3, update), Tuple.of(1, discontinue), Tuple.of(6, place),
                Tuple.of(3, order.map(PayOrder::new)), Tuple.of(2, order.map(ShipOrder::new)),
                Tuple.of(3, order.map(CancelOrder::new)))
                .list().ofMaxSize(60);
    }

    @Provide
    Arbitrary<Delivery> deliveries() {
        return Combinators.combine(Arbitraries.integers().between(1, 12), Arbitraries.of(false, false, false, true),
                Arbitraries.longs()).as(Delivery::new);
    }

    /** The aggregates' rules in miniature: refused commands append nothing. */
    static final class Domain {
        final BronzeLog log = new BronzeLog();
        private final Map<String, ProductState> products = new HashMap<>();
        private final List<String> orders = new ArrayList<>();
        private final Map<String, String> statuses = new LinkedHashMap<>();
        private final Map<String, Money> totals = new HashMap<>();

        void handle(Command command) {
            switch (command) {
                case CreateProduct c -> {
                    String id = "p" + c.product();
                    if (!products.containsKey(id)) {
                        ProductState p = new ProductState("Title " + id, c.category(), money(c.cents(), c.currency()));
                        products.put(id, p);
                        log.append(new ProductCreatedEvent(id, "SKU-" + id, p.title, null, p.category, p.price,
                                Map.of("origin", "test")));
                    }
                }
                case UpdateProduct c -> {
                    ProductState p = products.get("p" + c.product());
                    if (p == null || p.discontinued) {
                        return;
                    }
                    String title = c.retitle() ? p.title + "'" : null;
                    String category = c.category() != null && !c.category().equals(p.category) ? c.category() : null;
                    Money price = c.cents() != null ? money(c.cents(), p.price.currency()) : null;
                    price = price != null && !price.equals(p.price) ? price : null;
                    if (title == null && category == null && price == null) {
                        return; // nothing changed: the aggregate appends nothing
                    }
                    p.title = title != null ? title : p.title;
                    p.category = category != null ? category : p.category;
                    p.price = price != null ? price : p.price;
                    log.append(new ProductUpdatedEvent("p" + c.product(), title, null, category, price, null));
                }
                case DiscontinueProduct c -> {
                    ProductState p = products.get("p" + c.product());
                    if (p != null && !p.discontinued) {
                        p.discontinued = true;
                        log.append(new ProductDiscontinuedEvent("p" + c.product()));
                    }
                }
                case PlaceOrder c -> place(c);
                case PayOrder c -> transition(c.order(), SilverOrder.PAID, List.of(SilverOrder.PLACED));
                case ShipOrder c -> transition(c.order(), SilverOrder.SHIPPED, List.of(SilverOrder.PAID));
                case CancelOrder c -> transition(c.order(),
                        SilverOrder.CANCELLED, List.of(SilverOrder.PLACED, SilverOrder.PAID));
            }
        }

        private void place(PlaceOrder c) {
            List<OrderLine> lines = new ArrayList<>();
            String currency = null;
            for (RequestedLine requested : c.lines()) {
                String id = "p" + requested.product();
                ProductState p = products.get(id);
                if (p == null || p.discontinued) {
                    return; // the handler refuses the whole order
                }
                currency = currency == null ? p.price.currency() : currency;
                if (!currency.equals(p.price.currency())) {
                    return; // all lines of an order are in one currency
                }
                lines.add(new OrderLine(id, p.title, requested.quantity(), p.price));
            }
            Money total = lines.stream().map(OrderLine::amount).reduce(Money::plus).orElseThrow();
            String orderId = "o" + orders.size();
            orders.add(orderId);
            statuses.put(orderId, SilverOrder.PLACED);
            totals.put(orderId, total);
            Instant placedAt = DAY_ZERO.plusSeconds(86_400L * c.day() + c.secondOfDay());
            log.append(new OrderPlacedEvent(orderId, "c" + c.customer(), lines, total, placedAt));
        }

        private void transition(int order, String to, List<String> from) {
            if (orders.isEmpty()) {
                return;
            }
            String orderId = orders.get(order % orders.size());
            if (!from.contains(statuses.get(orderId))) {
                return;
            }
            statuses.put(orderId, to);
            log.append(switch (to) {
                case SilverOrder.PAID -> new OrderPaidEvent(orderId, totals.get(orderId), Instant.parse("2026-03-02T12:00:00Z"));
                case SilverOrder.SHIPPED -> new OrderShippedEvent(orderId, Instant.parse("2026-03-02T12:00:00Z"));
                case SilverOrder.CANCELLED -> new OrderCancelledEvent(orderId, "changed my mind");
                default -> throw new IllegalArgumentException(to);
            });
        }

        Map<String, String> orderStatuses() {
            return new TreeMap<>(statuses);
        }

        /** Each product's category and whether it is discontinued, as silver should hold them. */
        Map<String, String> productStates() {
            Map<String, String> states = new TreeMap<>();
            products.forEach((id, p) -> states.put(id, p.category + (p.discontinued ? " (discontinued)" : "")));
            return states;
        }

        private static Money money(int cents, String currency) {
            return new Money(BigDecimal.valueOf(cents, 2), currency);
        }
    }

    /** What the catalogue knows of a product. */
    private static final class ProductState {
        String title;
        String category;
        Money price;
        boolean discontinued;

        ProductState(String title, String category, Money price) {
            this.title = title;
            this.category = category;
            this.price = price;
        }
    }

    // ---- delivery: batch splits, redeliveries, late events

    /**
     * Splits the log into batches, shuffles each, adds redeliveries of events already sent, and, for a late
     * delivery, holds a few events back to a later batch (a lagging partition).
     */
    private static List<List<BronzeEvent>> batches(List<BronzeEvent> log, Delivery delivery, Random random) {
        List<BronzeEvent> events = new ArrayList<>(log);
        if (delivery.late() && events.size() > 1) {
            for (int k = random.nextInt(3) + 1; k > 0; k--) {
                int from = random.nextInt(events.size() - 1);
                int to = from + 1 + random.nextInt(events.size() - from - 1);
                events.add(to, events.remove(from));
            }
        }
        List<List<BronzeEvent>> batches = new ArrayList<>();
        List<BronzeEvent> sent = new ArrayList<>();
        for (int i = 0; i < events.size(); ) {
            int size = 1 + random.nextInt(delivery.maxBatch());
            List<BronzeEvent> batch = new ArrayList<>(events.subList(i, Math.min(events.size(), i + size)));
            i += batch.size();
            sent.addAll(batch);
            for (int d = random.nextInt(3); d > 0; d--) {
                batch.add(sent.get(random.nextInt(sent.size()))); // at-least-once: the same event again
            }
            Collections.shuffle(batch, random);
            batches.add(batch);
        }
        return batches;
    }

    private static Silver restartSilver(Silver silver, BufferAllocator allocator) {
        try (VectorSchemaRoot products = SilverRows.PRODUCTS.toRoot(silver.products(), allocator);
             VectorSchemaRoot orders = SilverRows.ORDERS.toRoot(silver.orders(), allocator);
             VectorSchemaRoot lines = SilverRows.ORDER_LINES.toRoot(silver.orderLines(), allocator)) {
            return SilverRows.restore(List.of(products), List.of(orders), List.of(lines));
        }
    }

    private static Gold restartGold(Gold gold, BufferAllocator allocator) {
        try (VectorSchemaRoot facts = GoldRows.FACT_SALES.toRoot(gold.factSales(), allocator);
             VectorSchemaRoot revenue = GoldRows.DAILY_REVENUE.toRoot(gold.dailyRevenue(), allocator)) {
            return GoldRows.restore(List.of(facts), List.of(revenue));
        }
    }

    // ---- the SQL side

    private static <T> void register(BufferAllocator allocator, String name, RowMapping<T> table,
                                     List<T> rows) throws SQLException {
        try (VectorSchemaRoot root = table.toRoot(rows, allocator)) {
            DuckDbArrow.register(duckdb, name, allocator, table.schema(), List.of(root));
        }
    }

    private static FactSale factSale(List<Object> r) {
        return new FactSale((String) r.get(0), (Integer) r.get(1), (LocalDate) r.get(2), instant(r.get(3)),
                (String) r.get(4), (String) r.get(5), (String) r.get(6), (String) r.get(7), (Integer) r.get(8),
                (BigDecimal) r.get(9), (BigDecimal) r.get(10), (String) r.get(11), (String) r.get(12));
    }

    private static DailyRevenue dailyRevenue(List<Object> r) {
        return new DailyRevenue((LocalDate) r.get(0), (String) r.get(1), (String) r.get(2), (BigDecimal) r.get(3),
                (BigDecimal) r.get(4), (Long) r.get(5), (Long) r.get(6), (Long) r.get(7), (BigDecimal) r.get(8));
    }

    private static Instant instant(Object timestamptz) {
        return ((OffsetDateTime) timestamptz).toInstant();
    }

    private static Map<String, String> statuses(Silver silver) {
        Map<String, String> statuses = new TreeMap<>();
        silver.orders().forEach(o -> statuses.put(o.orderId(), o.status()));
        return statuses;
    }

    private static Map<String, String> productStates(Silver silver) {
        Map<String, String> states = new TreeMap<>();
        silver.products().forEach(p -> states.put(p.productId(),
                p.category() + (p.discontinued() ? " (discontinued)" : "")));
        return states;
    }

    private static String resource(String path) {
        try (InputStream in = GoldMaterializedViewPropertyTest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
