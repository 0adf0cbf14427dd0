package io.seamline.projection.warehouse.lineage;

import io.seamline.domain.NotFound;
import io.seamline.platform.PlatformConfig;
import io.seamline.projection.warehouse.AsOf;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.bronze.BronzeRecord;
import io.seamline.projection.warehouse.bronze.BronzeRows;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.lineage.CellFold.OrderTrail;
import io.seamline.projection.warehouse.lineage.CellFold.Step;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Totals;
import io.seamline.projection.warehouse.silver.SilverOrder;
import io.seamline.projection.warehouse.silver.SilverOrderLine;
import io.seamline.projection.warehouse.silver.SilverProduct;
import io.seamline.projection.warehouse.silver.SilverRows;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DayPartition;
import io.seamline.projection.warehouse.table.RowMapping;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableScan;
import io.seamline.seam.contract.SeamContract;
import io.seamline.seam.contract.SeamContracts;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.log.TopicEnds;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Walks a dashboard number backwards: {@link #revenue} recomputes one {@code daily_revenue} cell from each warehouse
 * layer (the view, the facts, silver, bronze) and from the event store, and names the first layer that differs from
 * the event store and why; {@link #order} shows where each of one order's events is in every layer. Layers are read
 * downstream first and the event store last, so no layer can look ahead of the truth it is compared with.
 */
@ApplicationScoped
public class Lineage {

    public static final int DEFAULT_PAGE = 20;
    public static final int MAX_PAGE = 100;
    private static final int LOG_PAGE = 1_000;
    private static final String BRONZE = "bronze.events";
    private static final String SILVER = "silver.order_lines";
    private static final String FACTS = "gold.fact_sales";
    private static final String VIEW = "gold.daily_revenue";
    private static final String ORDERS = "silver.orders";

    private final WarehouseQuery warehouse;
    private final EventLog log;
    private final TopicEnds topicEnds;
    private final SeamContracts contracts;
    private final String topic;
    private final BufferAllocator allocator = new RootAllocator();

    Lineage(WarehouseQuery warehouse, EventLog log, TopicEnds topicEnds, SeamContracts contracts,
            PlatformConfig platform) {
        this.warehouse = warehouse;
        this.log = log;
        this.topicEnds = topicEnds;
        this.contracts = contracts;
        this.topic = platform.topic();
    }

    /**
     * The walk of the cell {@code day} × {@code category} × {@code currency} as of {@code asOf}: every layer's number
     * and the verdict over all the cell's orders, the rows behind them for at most {@code limit} orders after
     * {@code cursor}. {@code asOf} is a time, or a global index of the event store (every layer as it stood when that
     * event was appended, the event store folded up to it); {@link AsOf#CURRENT} for now.
     */
    public RevenueWalk revenue(LocalDate day, String category, String currency, AsOf asOf, String cursor,
                               Integer limit) throws IOException {
        int page = limit == null ? DEFAULT_PAGE : limit;
        if (page < 1 || page > MAX_PAGE) {
            throw new InvalidQueryParameter("limit", "limit must be a whole number from 1 to " + MAX_PAGE + ", got "
                    + page);
        }
        Walked walked = walk(day, category, currency, asOf, "asOf");
        CellRows rows = walked.rows();

        // one page of the orders any layer puts in the cell, in id order after the cursor
        TreeSet<String> all = new TreeSet<>(rows.truth().orders().keySet());
        all.addAll(rows.bronze().orders().keySet());
        all.addAll(rows.linesByOrder().keySet());
        all.addAll(rows.factsByOrder().keySet());
        List<String> after = (cursor == null || cursor.isBlank() ? all : all.tailSet(cursor, false)).stream().toList();
        List<String> pageIds = after.subList(0, Math.min(page, after.size()));
        String next = after.size() > page ? pageIds.getLast() : null;
        Map<String, Map<Integer, Long>> watermarks = new LinkedHashMap<>();
        walked.layers().forEach(l -> watermarks.put(l.layer(), l.watermark().kafkaOffsets()));
        return new RevenueWalk(walked.cell(), walked.moment().time(), rows.lastIndex(), walked.truth(),
                walked.verdict(), walked.layers(), new RevenueWalk.Kafka(topic, new TreeMap<>(rows.ends()), watermarks),
                new RevenueWalk.Gold(rows.view(), pageIds.stream()
                        .flatMap(id -> rows.factsByOrder().getOrDefault(id, List.of()).stream()).toList()),
                silverPage(rows, pageIds, walked.moment()), events(rows.bronze(), pageIds, sorted(table(BRONZE))),
                events(rows.truth(), pageIds, null), all.size(), next);
    }

    /**
     * The cell as of {@code at} in every layer, beside the event store's fold up to then: the comparison that shows
     * where the numbers start to differ (a layer stalled before {@code at} keeps the number it had).
     */
    public Comparison compare(LocalDate day, String category, String currency, AsOf at) throws IOException {
        if (at instanceof AsOf.Current) {
            throw new InvalidQueryParameter("at", "at is required: an ISO-8601 instant or a global index");
        }
        Walked walked = walk(day, category, currency, at, "at");
        return new Comparison(walked.cell(), walked.moment().time(), walked.rows().lastIndex(), walked.truth(),
                walked.layers(), walked.verdict());
    }

    /** The cell read from every layer and the event store as of one moment, and the verdict on it. */
    private record Walked(RevenueWalk.Cell cell, Moment moment, CellRows rows, Totals truth,
                          List<RevenueWalk.Layer> layers, RevenueWalk.Verdict verdict) {
    }

    private Walked walk(LocalDate day, String category, String currency, AsOf asOf, String parameter)
            throws IOException {
        require("day", day == null ? null : day.toString());
        require("category", category);
        require("currency", currency);
        Moment moment = moment(asOf, parameter);
        CellRows rows = read(day, category, currency, moment);
        Totals truth = Totals.of(rows.truth().shares());
        List<String> truthEvents = rows.truth().orders().values().stream()
                .flatMap(t -> t.steps().stream()).map(s -> s.event().eventId()).toList();
        List<LayerState> states = List.of(bronzeState(rows, truthEvents, moment.time()),
                silverState(rows, moment.time()), factState(rows, moment.time()), viewState(rows, moment.time()));
        List<TableManifest> versions = List.of(rows.bronzeVersion(), rows.lineVersion(), rows.factVersion(),
                rows.viewVersion());
        List<RevenueWalk.Layer> layers = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            TableManifest version = versions.get(i);
            LayerState state = states.get(i);
            layers.add(new RevenueWalk.Layer(state.layer(), version.version(), version.committedAt(),
                    version.watermark(), state.totals(), state.totals().equals(truth)));
        }
        return new Walked(new RevenueWalk.Cell(day, category, currency), moment, rows, truth, layers,
                Verdicts.decide(truth, truthEvents, states));
    }

    /**
     * When the walk reads: now, a time, or the time the event at a global index was appended; and the last global
     * index of the event store it folds.
     */
    private record Moment(Instant time, long lastIndex, boolean now) {

        TableManifest of(ArrowTable table) {
            return now ? table.current() : table.asOf(time);
        }
    }

    private Moment moment(AsOf asOf, String parameter) {
        return switch (asOf) {
            case AsOf.Current current -> new Moment(Instant.now(), Long.MAX_VALUE, true);
            case AsOf.At at -> new Moment(at.time(), Long.MAX_VALUE, false);
            case AsOf.Version index -> {
                long head = log.head();
                if (index.number() > head) {
                    throw new InvalidQueryParameter(parameter, parameter + " " + index.number()
                            + " is past the event store's newest global index " + head);
                }
                Instant time = log.timeAt(index.number()).orElseThrow(() -> new InvalidQueryParameter(parameter,
                        "the event store has no event at or below global index " + index.number()));
                yield new Moment(time, index.number(), false);
            }
        };
    }

    /**
     * What the walk reads of one cell, downstream first: each layer no later than the one it is fed from, the event
     * store last of all, so no layer can look ahead of the truth it is compared with.
     *
     * @param lastIndex the highest global index the event store's fold took in (-1: none)
     */
    private record CellRows(DailyRevenue view, TableManifest viewVersion, Map<String, List<FactSale>> factsByOrder,
                            TableManifest factVersion, Map<String, List<SilverOrderLine>> linesByOrder,
                            Map<String, SilverOrder> orders, TableManifest lineVersion, CellFold bronze,
                            TableManifest bronzeVersion, Map<Integer, Long> ends, CellFold truth, long lastIndex) {
    }

    private CellRows read(LocalDate day, String category, String currency, Moment moment) throws IOException {
        ArrowTable viewTable = table(VIEW);
        TableManifest view = moment.of(viewTable);
        DailyRevenue viewRow = scan(viewTable, view, GoldRows.DAILY_REVENUE, p -> true).stream()
                .filter(r -> r.day().equals(day) && category.equals(r.category()) && currency.equals(r.currency()))
                .findFirst().orElse(null);
        ArrowTable factTable = table(FACTS);
        TableManifest factVersion = moment.of(factTable);
        List<FactSale> facts = scan(factTable, factVersion, GoldRows.FACT_SALES, onDay(day)).stream()
                .filter(f -> f.orderDate().equals(day) && category.equals(f.category())
                        && currency.equals(f.currency()))
                .toList();
        ArrowTable lineTable = table(SILVER);
        ArrowTable orderTable = table(ORDERS);
        TableManifest lineVersion = moment.of(lineTable);
        TableManifest orderVersion = moment.of(orderTable);
        List<SilverOrderLine> lines = scan(lineTable, lineVersion, SilverRows.ORDER_LINES, onDay(day)).stream()
                .filter(l -> l.orderDate().equals(day) && category.equals(l.category())
                        && currency.equals(l.currency()))
                .toList();
        Map<String, SilverOrder> orders = new TreeMap<>();
        scan(orderTable, orderVersion, SilverRows.ORDERS, onDay(day)).forEach(o -> orders.put(o.orderId(), o));
        ArrowTable bronzeTable = table(BRONZE);
        TableManifest bronzeVersion = moment.of(bronzeTable);
        CellFold bronze = new CellFold(day, category, currency);
        bronzeEvents(bronzeTable, bronzeVersion).forEach(bronze::apply);
        Map<Integer, Long> ends = moment.now() ? topicEnds.endOffsets() : topicEnds.endOffsetsAt(moment.time());
        CellFold truth = new CellFold(day, category, currency);
        long lastIndex = -1;
        for (LoggedEvent event : eventStore(moment)) {
            truth.apply(event);
            lastIndex = Math.max(lastIndex, event.globalIndex());
        }
        return new CellRows(viewRow, view, group(facts, FactSale::orderId), factVersion,
                group(lines, SilverOrderLine::orderId), orders, lineVersion, bronze, bronzeVersion, ends, truth,
                lastIndex);
    }

    /** Bronze against the topic: the cell folded from its events, which it holds whole. */
    private LayerState bronzeState(CellRows rows, List<String> truthEvents, Instant now) {
        Set<String> landed = new HashSet<>();
        rows.bronze().orders().values().forEach(t -> t.steps().forEach(s -> landed.add(s.event().eventId())));
        return state(BRONZE, Totals.of(rows.bronze().shares()), landed, landed,
                extra(rows.bronze().orders().keySet(), rows.truth(), landed, truthEvents), rows.bronzeVersion(),
                "Kafka's end offsets " + new TreeMap<>(rows.ends()), rows.ends(), now);
    }

    /** Silver against bronze: its lines under the cell's key; an order row reflects its events up to its sequence. */
    private LayerState silverState(CellRows rows, Instant now) {
        List<OrderShare> shares = new ArrayList<>();
        Set<String> reflected = new HashSet<>();
        rows.linesByOrder().forEach((id, lines) -> {
            SilverOrder order = rows.orders().get(id);
            shares.add(new OrderShare(id, sum(lines.stream().map(SilverOrderLine::amount).toList()),
                    lines.stream().mapToLong(SilverOrderLine::quantity).sum(), order != null && order.cancelled()));
            OrderTrail trail = rows.truth().orders().get(id);
            if (trail != null && order != null) {
                trail.steps().stream().filter(s -> s.event().sequence() <= order.sequence())
                        .forEach(s -> reflected.add(s.event().eventId()));
            }
        });
        return state(SILVER, Totals.of(shares), reflected, received(rows, rows.lineVersion()), extra(rows.linesByOrder().keySet(), rows.truth(),
                Set.of(), List.of()), rows.lineVersion(), "bronze at " + offsets(rows.bronzeVersion()),
                rows.bronzeVersion().watermark().kafkaOffsets(), now);
    }

    /** Gold's facts against silver: a fact reflects its order's events up to the one that set its status. */
    private LayerState factState(CellRows rows, Instant now) {
        List<OrderShare> shares = new ArrayList<>();
        rows.factsByOrder().forEach((id, facts) -> shares.add(new OrderShare(id,
                sum(facts.stream().map(FactSale::amount).toList()), facts.stream().mapToLong(FactSale::quantity).sum(),
                CellFold.CANCELLED.equals(facts.getFirst().status()))));
        return state(FACTS, Totals.of(shares), goldReflected(rows), received(rows, rows.factVersion()), extra(rows.factsByOrder().keySet(), rows.truth(),
                Set.of(), List.of()), rows.factVersion(), "silver at " + offsets(rows.lineVersion()),
                rows.lineVersion().watermark().kafkaOffsets(), now);
    }

    /** The dashboard's row against the facts it is kept from, in the same commit. */
    private LayerState viewState(CellRows rows, Instant now) {
        DailyRevenue view = rows.view();
        Totals totals = view == null ? Totals.of(List.of()) : new Totals(view.grossRevenue(), view.netRevenue(),
                view.orders(), view.cancelledOrders(), view.units());
        return state(VIEW, totals, goldReflected(rows), received(rows, rows.viewVersion()), extra(rows.factsByOrder().keySet(), rows.truth(), Set.of(),
                List.of()), rows.viewVersion(), "gold.fact_sales at " + offsets(rows.factVersion()),
                rows.factVersion().watermark().kafkaOffsets(), now);
    }

    private static Set<String> goldReflected(CellRows rows) {
        Set<String> reflected = new HashSet<>();
        rows.factsByOrder().forEach((id, facts) -> {
            OrderTrail trail = rows.truth().orders().get(id);
            if (trail != null) {
                reflectedUpTo(trail, facts.getFirst().status()).forEach(s -> reflected.add(s.event().eventId()));
            }
        });
        return reflected;
    }

    /** Silver's rows behind the page's orders: order rows with the version that wrote them, lines, products. */
    private RevenueWalk.Silver silverPage(CellRows rows, List<String> pageIds, Moment moment) throws IOException {
        List<SilverOrderLine> lines = pageIds.stream()
                .flatMap(id -> rows.linesByOrder().getOrDefault(id, List.of()).stream()).toList();
        Set<String> productIds = new HashSet<>();
        lines.forEach(l -> productIds.add(l.productId()));
        ArrowTable productTable = table("silver.products");
        List<SilverProduct> products = scan(productTable, moment.of(productTable), SilverRows.PRODUCTS, p -> true)
                .stream().filter(p -> productIds.contains(p.productId())).toList();
        List<TableManifest> orderVersions = sorted(table(ORDERS));
        List<RevenueWalk.OrderRow> orders = pageIds.stream().map(rows.orders()::get).filter(o -> o != null)
                .map(o -> new RevenueWalk.OrderRow(o.orderId(), o.status(), o.sequence(), o.globalIndex(),
                        writtenIn(orderVersions, o.globalIndex())))
                .toList();
        return new RevenueWalk.Silver(orders, lines, products);
    }

    /** Where each of order {@code orderId}'s events is: the event store, Kafka, bronze, silver and gold. */
    public OrderWalk order(String orderId) throws IOException {
        List<EventEnvelope> history = log.history(orderId);
        if (history.isEmpty() || !"Order".equals(history.getFirst().aggregateType())) {
            throw new NotFound("order", orderId);
        }
        // downstream first, as in revenue
        ArrowTable factTable = table(FACTS);
        TableManifest factVersion = factTable.current();
        List<FactSale> facts = scan(factTable, factVersion, GoldRows.FACT_SALES, p -> true).stream()
                .filter(f -> f.orderId().equals(orderId)).toList();
        ArrowTable orderTable = table(ORDERS);
        TableManifest orderVersion = orderTable.current();
        SilverOrder silver = scan(orderTable, orderVersion, SilverRows.ORDERS, p -> true).stream()
                .filter(o -> o.orderId().equals(orderId)).findFirst().orElse(null);
        ArrowTable bronzeTable = table(BRONZE);
        TableManifest bronzeVersion = bronzeTable.current();
        Map<String, BronzeRecord> landed = new LinkedHashMap<>();
        scan(bronzeTable, bronzeVersion, BronzeRows.EVENTS, p -> true).stream()
                .filter(r -> r.event().aggregateId().equals(orderId))
                .forEach(r -> landed.putIfAbsent(r.event().eventId(), r));
        List<TableManifest> bronzeVersions = sorted(bronzeTable);
        Map<String, Long> globalIndexes = log.globalIndexes(orderId);
        String goldStatus = facts.isEmpty() ? null : facts.getFirst().status();
        long goldSequence = -1;
        String status = null;
        for (EventEnvelope e : history) {
            status = CellFold.statusAfter(e.type(), status);
            if (Objects.equals(status, goldStatus)) {
                goldSequence = e.sequence();
            }
        }
        List<OrderWalk.Place> places = new ArrayList<>();
        for (EventEnvelope e : history) {
            BronzeRecord b = landed.get(e.eventId());
            places.add(new OrderWalk.Place(e.eventId(), e.type(), e.sequence(),
                    globalIndexes.getOrDefault(e.eventId(), -1L), e.correlationId(), e.timestamp(),
                    b == null ? null : b.kafkaPartition(), b == null ? null : b.kafkaOffset(),
                    b == null ? null : landedIn(bronzeVersions, b.kafkaPartition(), b.kafkaOffset()),
                    silver != null && silver.sequence() >= e.sequence(),
                    goldSequence >= e.sequence()));
        }
        return new OrderWalk(orderId, status, new OrderWalk.Version(BRONZE, bronzeVersion.version()),
                new OrderWalk.Version(ORDERS, orderVersion.version()),
                new OrderWalk.Version(FACTS, factVersion.version()), silver == null ? null : silver.status(),
                goldStatus, places);
    }

    /** The cell's events bronze landed below the offsets of {@code version}'s watermark: what that layer received. */
    private static Set<String> received(CellRows rows, TableManifest version) {
        Map<Integer, Long> offsets = version.watermark().kafkaOffsets();
        Set<String> received = new HashSet<>();
        rows.bronze().orders().values().forEach(t -> t.steps().stream().map(Step::event)
                .filter(e -> e.kafkaOffset() < offsets.getOrDefault(e.kafkaPartition(), 0L))
                .forEach(e -> received.add(e.eventId())));
        return received;
    }

    private LayerState state(String layer, Totals totals, Set<String> reflected, Set<String> received,
                             List<String> extra,
                             TableManifest version, String upstream, Map<Integer, Long> upstreamOffsets,
                             Instant now) {
        Map<Integer, Long> own = version.watermark().kafkaOffsets();
        boolean behind = upstreamOffsets.entrySet().stream()
                .anyMatch(e -> e.getValue() > own.getOrDefault(e.getKey(), 0L));
        Duration warnAfter = contracts.seam("warehouse/" + layer).flatMap(SeamContract::freshness)
                .map(SeamContract.FreshnessSla::warnAfter).orElse(Duration.ZERO);
        Duration since = version.version() == 0 ? Duration.ofDays(36_500)
                : Duration.between(version.committedAt(), now);
        return new LayerState(layer, totals, reflected, received, extra, behind, offsets(version), upstream, since,
                warnAfter);
    }

    /** Orders the layer puts in the cell that the event store does not, and events it holds the store does not. */
    private static List<String> extra(Set<String> layerOrders, CellFold truth, Set<String> layerEvents,
                                      List<String> truthEvents) {
        List<String> extra = new ArrayList<>();
        layerOrders.stream().filter(id -> !truth.orders().containsKey(id)).forEach(id -> extra.add("order " + id));
        Set<String> known = Set.copyOf(truthEvents);
        layerEvents.stream().filter(id -> !known.contains(id)).sorted().forEach(id -> extra.add("event " + id));
        return extra;
    }

    /** The events of an order up to the last one after which it had {@code status}: what a row with it reflects. */
    private static List<Step> reflectedUpTo(OrderTrail trail, String status) {
        int last = 0;
        for (int i = 0; i < trail.steps().size(); i++) {
            if (trail.steps().get(i).statusAfter().equals(status)) {
                last = i;
            }
        }
        return trail.steps().subList(0, last + 1);
    }

    private static List<RevenueWalk.LocatedEvent> events(CellFold fold, List<String> orderIds,
                                                  List<TableManifest> bronzeVersions) {
        List<RevenueWalk.LocatedEvent> events = new ArrayList<>();
        for (String id : orderIds) {
            OrderTrail trail = fold.orders().get(id);
            if (trail == null) {
                continue;
            }
            for (Step step : trail.steps()) {
                LoggedEvent e = step.event();
                events.add(new RevenueWalk.LocatedEvent(e.eventId(), e.type(), e.aggregateId(), e.sequence(),
                        e.globalIndex(), e.correlationId(), e.kafkaPartition(), e.kafkaOffset(),
                        bronzeVersions == null ? null
                                : landedIn(bronzeVersions, e.kafkaPartition(), e.kafkaOffset())));
            }
        }
        return events;
    }

    /** The first retained bronze version whose offsets are past the record: the commit that landed it. */
    private static Long landedIn(List<TableManifest> versions, int partition, long offset) {
        return versions.stream().filter(v -> v.watermark().kafkaOffsets().getOrDefault(partition, 0L) > offset)
                .map(TableManifest::version).findFirst().orElse(null);
    }

    /** The first retained version of a silver table whose watermark covers the row's last event. */
    private static Long writtenIn(List<TableManifest> versions, long globalIndex) {
        return versions.stream().filter(v -> v.version() > 0 && v.watermark().maxGlobalIndex() >= globalIndex)
                .map(TableManifest::version).findFirst().orElse(null);
    }

    private static List<TableManifest> sorted(ArrowTable table) {
        return table.versions().stream().sorted(Comparator.comparingLong(TableManifest::version)).toList();
    }

    /**
     * The log in global order up to the moment (events appended by its time, up to its global index), each event
     * decoded as a consumer decodes it.
     */
    private List<LoggedEvent> eventStore(Moment moment) {
        List<LoggedEvent> events = new ArrayList<>();
        long after = -1;
        while (true) {
            List<EventEnvelope> page = log.page(after, LOG_PAGE);
            for (EventEnvelope e : page) {
                if (e.globalIndex() > moment.lastIndex()) {
                    return events;
                }
                if (!moment.now() && e.timestamp().isAfter(moment.time())) {
                    continue;
                }
                events.add(new LoggedEvent(e.eventId(), e.type(), e.aggregateId(), e.sequence(), e.globalIndex(),
                        e.correlationId(), -1, -1, ConsumedEvent.fromStore(e).event()));
            }
            if (page.size() < LOG_PAGE) {
                return events;
            }
            after = page.getLast().globalIndex();
        }
    }

    /** Bronze's rows in global order (the order silver folds them in), decoded. */
    private List<LoggedEvent> bronzeEvents(ArrowTable table, TableManifest version) throws IOException {
        return scan(table, version, BronzeRows.EVENTS, p -> true).stream()
                .sorted(Comparator.comparingLong(r -> r.event().globalIndex()))
                .map(r -> new LoggedEvent(r.event().eventId(), r.event().type(), r.event().aggregateId(),
                        r.event().sequence(), r.event().globalIndex(), r.correlationId(), r.kafkaPartition(),
                        r.kafkaOffset(), r.event().decode()))
                .toList();
    }

    private <T> List<T> scan(ArrowTable table, TableManifest version, RowMapping<T> mapping,
                             Predicate<String> partitions) throws IOException {
        List<T> rows = new ArrayList<>();
        try (BufferAllocator scan = allocator.newChildAllocator("lineage-" + table.name(), 0, Long.MAX_VALUE)) {
            TableScan.scan(table, version, null, partitions, scan, batch -> {
                rows.addAll(mapping.read(batch));
                return true;
            });
        }
        return rows;
    }

    /** Files of the day's partition, and every file of a table not partitioned by day. */
    private static Predicate<String> onDay(LocalDate day) {
        return partition -> DayPartition.parse(partition).map(p -> p.day().equals(day)).orElse(true);
    }

    private ArrowTable table(String id) {
        String[] parts = id.split("\\.");
        return warehouse.find(parts[0], parts[1]).orElseThrow(() -> new IllegalStateException("no table " + id));
    }

    private static String offsets(TableManifest version) {
        return "version " + version.version() + ", offsets " + new TreeMap<>(version.watermark().kafkaOffsets());
    }

    private static <T> Map<String, List<T>> group(List<T> rows, java.util.function.Function<T, String> key) {
        Map<String, List<T>> groups = new TreeMap<>();
        rows.forEach(r -> groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r));
        return groups;
    }

    private static BigDecimal sum(List<BigDecimal> amounts) {
        return amounts.stream().reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private static void require(String parameter, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidQueryParameter(parameter, parameter + " is required");
        }
    }

    @PreDestroy
    void close() {
        allocator.close();
    }
}
