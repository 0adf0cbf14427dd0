package io.seamline.e2e;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.seamcheck.Timeline;
import org.awaitility.core.ConditionTimeoutException;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * {@code make demo-lineage}'s core: for each {@link Fault}, a dashboard cell of its own (one product, today, EUR) that
 * every layer agrees on; then the fault planted while orders keep coming, the dashboard number that is now wrong, the
 * lineage walk's verdict naming the layer, the time-travel comparison of every layer before the fault and after the
 * orders, SQL over each layer's table then and now, the repair, and the number converging on the event store's. Every
 * call is recorded as a {@link Step} (as curl or SQL, with its answer) for the evidence page; an expectation not met is
 * a failed {@link Check}, not an exception, so one run reports every scenario.
 */
final class LineageScenarios {

    /** The warehouse's layers in the order data flows, as the lineage walk names them. */
    static final List<String> LAYERS = List.of("bronze.events", "silver.order_lines", "gold.fact_sales",
            "gold.daily_revenue");
    static final String CURRENCY = "EUR";
    static final BigDecimal PRICE = new BigDecimal("10.00");

    /** A fault the demo plants: what it is, the layer and reason the verdict must name, and the fault endpoint. */
    enum Fault {
        BRONZE_STALLED("The bronze landing stalled", "bronze.events", "STALLED",
                "/api/admin/faults/stalls/warehouse"),
        SILVER_STALLED("The silver refinery stalled", "silver.order_lines", "STALLED",
                "/api/admin/faults/stalls/warehouse.silver"),
        GOLD_DROPS_CANCELLATIONS("A gold fold that drops cancellations", "gold.fact_sales", "DIFFERENT_VALUES",
                "/api/admin/faults/fold-bugs/gold-drops-cancellations");

        final String title;
        final String layer;
        final String reason;
        final String path;

        Fault(String title, String layer, String reason, String path) {
            this.title = title;
            this.layer = layer;
            this.reason = reason;
            this.path = path;
        }

        /** A stall is lifted and the layers catch up; gold's wrong fold stays folded until the warehouse is rebuilt. */
        boolean needsRebuild() {
            return this == GOLD_DROPS_CANCELLATIONS;
        }
    }

    /**
     * How long to wait: for the cell to agree (the warehouse may first work off a backlog), for the verdict (a stall is
     * {@code STALLED} once older than its contract's warn threshold, {@code LAGGING} before), and for the repair.
     * {@code readableCategories}: the real run's categories name the fault; otherwise each is "Lineage demo" and a UUID.
     */
    record Settings(Duration agree, Duration verdict, Duration repair, boolean readableCategories) {

        static Settings fromSystemProperties() {
            return new Settings(Duration.ofMinutes(Long.getLong("demo.lineage.agree-minutes", 10)),
                    Duration.ofSeconds(Long.getLong("demo.lineage.verdict-seconds", 120)),
                    Duration.ofMinutes(Long.getLong("demo.lineage.repair-minutes", 10)), true);
        }
    }

    /**
     * One call the demo made, as the page shows it: a REST request (with the role its token needs) or a SQL statement
     * (through {@code POST /api/warehouse/sql}, at {@code asOf} when not null), and the relevant part of its answer.
     */
    record Step(String title, String role, String method, String path, String body, String sql, String answer) {

        boolean isSql() {
            return sql != null;
        }
    }

    /** A cell's numbers as one layer, or the event store's fold, gives them. */
    record Totals(BigDecimal gross, BigDecimal net, long orders, long cancelled, long units) {

        static Totals of(JsonNode t) {
            return new Totals(t.path("grossRevenue").decimalValue(), t.path("netRevenue").decimalValue(),
                    t.path("orders").asLong(), t.path("cancelledOrders").asLong(), t.path("units").asLong());
        }

        boolean sameAs(Totals o) {
            return gross.compareTo(o.gross) == 0 && net.compareTo(o.net) == 0 && orders == o.orders
                    && cancelled == o.cancelled && units == o.units;
        }

        @Override
        public String toString() {
            return "gross " + gross.toPlainString() + ", net " + net.toPlainString() + ", " + orders + " orders ("
                    + cancelled + " cancelled), " + units + " units";
        }
    }

    /** One layer as the walk or the comparison read it: its version, when that was committed, the cell's numbers. */
    record Layer(String layer, long version, String committedAt, Totals totals, boolean agrees) {

        static List<Layer> of(JsonNode layers) {
            List<Layer> out = new ArrayList<>();
            for (JsonNode l : layers) {
                out.add(new Layer(l.path("layer").asText(), l.path("tableVersion").asLong(-1),
                        l.path("committedAt").asText(""), Totals.of(l.path("totals")), l.path("agrees").asBoolean()));
            }
            return out;
        }
    }

    /** The layer named wrong and why, with the event ids it misses, holds extra or holds without reflecting. */
    record Verdict(String layer, String reason, String detail, List<String> missing, List<String> extra,
                   List<String> unreflected) {

        static Verdict of(JsonNode v) {
            return new Verdict(v.path("layer").isNull() ? null : v.path("layer").asText(null),
                    v.path("reason").asText(), v.path("detail").asText(""), texts(v.path("missingEvents")),
                    texts(v.path("extraEvents")), texts(v.path("unreflectedEvents")));
        }

        String describe() {
            return reason + (layer == null ? "" : " at " + layer) + ": " + detail;
        }
    }

    /** A lineage walk ({@code at} null) or a time-travel comparison at {@code at} (its global index then). */
    record Walk(String at, long globalIndex, Totals truth, Verdict verdict, List<Layer> layers) {

        static Walk of(JsonNode w) {
            return new Walk(w.path("at").asText(null), w.path("globalIndex").asLong(-1), Totals.of(w.path("truth")),
                    Verdict.of(w.path("verdict")), Layer.of(w.path("layers")));
        }

        boolean agrees() {
            return "AGREE".equals(verdict.reason());
        }

        Layer layer(String name) {
            return layers.stream().filter(l -> l.layer().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no layer " + name + " in " + layers));
        }
    }

    /** One expectation of a scenario: what the demo expected and what it saw. */
    record Check(String what, String expected, String seen, boolean ok) {
    }

    /**
     * What one scenario did and saw: the cell agreed (its dashboard number then), went wrong under the fault (the
     * dashboard's number, the walk, the comparison before the fault and after the orders), was repaired and converged.
     */
    record Outcome(Fault fault, String category, LocalDate day, String productId, List<Step> steps,
                   DashboardCell agreed, Instant beforeFault, DashboardCell wrong, Walk walk, Walk before, Walk after,
                   String repair, DashboardCell converged, Walk convergedWalk, List<Check> checks, double seconds) {

        List<Check> failures() {
            return checks.stream().filter(c -> !c.ok()).toList();
        }
    }

    private final DemoApi api;
    private final Timeline timeline;
    private final Settings settings;

    LineageScenarios(DemoApi api, Timeline timeline, Settings settings) {
        this.api = api;
        this.timeline = timeline;
        this.settings = settings;
    }

    /** Fault injection on: the test profile has it on, a running service has it off until an operator enables it. */
    Step enableFaults() {
        JsonNode state = api.call("POST", "/api/admin/faults/enable", null);
        timeline.note("fault injection enabled: %s", state.path("enabled").asText());
        return new Step("Enable fault injection (off on a service until an operator turns it on)", "O", "POST",
                "/api/admin/faults/enable", null, null, "enabled: " + state.path("enabled").asText());
    }

    /** Every fault in turn. */
    List<Outcome> runAll() {
        List<Outcome> outcomes = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            outcomes.add(run(fault));
        }
        return outcomes;
    }

    /** One scenario; the fault is lifted however it ends, so a failed run leaves no layer stalled or folding wrong. */
    Outcome run(Fault fault) {
        return new Scenario(fault).run();
    }

    /** The state of one scenario while it runs. */
    private final class Scenario {

        private final Fault fault;
        private final LocalDate day = LocalDate.now(ZoneOffset.UTC);
        private final String category;
        private final List<Step> steps = new ArrayList<>();
        private final List<Check> checks = new ArrayList<>();
        private final List<String> orderIds = new ArrayList<>();

        Scenario(Fault fault) {
            this.fault = fault;
            String id = UUID.randomUUID().toString().substring(0, 8);
            this.category = settings.readableCategories()
                    ? "Lineage demo > " + fault.title + " (" + day + ", " + id + ")"
                    : "Lineage demo " + UUID.randomUUID();
        }

        Outcome run() {
            long started = System.nanoTime();
            timeline.note("== %s: category \"%s\", %s, %s", fault.title, category, day, CURRENCY);
            boolean planted = false;
            try {
                String product = createProduct();
                order(product, 1);
                order(product, 2);
                Walk agreedWalk = awaitWalk("Lineage walk: every layer agrees on the cell", settings.agree(),
                        w -> w.agrees() && w.truth().orders() == 2);
                check("before the fault, every layer agrees on 2 orders", "AGREE, 2 orders", agreedWalk);
                DashboardCell agreed = dashboard("The dashboard's number before the fault");
                Instant beforeFault = Instant.now();

                send("Plant the fault: " + fault.title.toLowerCase(Locale.ROOT), "O", "POST", fault.path,
                        null, a -> "planted");
                planted = true;
                long expectedOrders;
                if (fault.needsRebuild()) {
                    order(product, 1);
                    cancel(orderIds.getFirst());
                    expectedOrders = 3;
                } else {
                    order(product, 1);
                    order(product, 3);
                    expectedOrders = 4;
                }
                Walk walk = awaitWalk("Lineage walk: which layer is wrong, and why", settings.verdict(),
                        w -> w.truth().orders() == expectedOrders && fault.reason.equals(w.verdict().reason())
                                && fault.layer.equals(w.verdict().layer()));
                check("the verdict names " + fault.layer, fault.reason + " at " + fault.layer,
                        walk.verdict().reason() + " at " + walk.verdict().layer(),
                        fault.reason.equals(walk.verdict().reason()) && fault.layer.equals(walk.verdict().layer()));
                if (fault.needsRebuild()) {
                    String cancelled = "the OrderCancelled event of " + orderIds.getFirst();
                    check("the verdict lists the cancellation gold did not reflect", cancelled,
                            walk.verdict().unreflected().toString(), walk.verdict().unreflected().size() == 1);
                } else {
                    check("the verdict lists the new orders' events as missing", "2 events",
                            walk.verdict().missing().toString(), walk.verdict().missing().size() == 2);
                }
                DashboardCell wrong = dashboard("The dashboard's number now");
                check("the dashboard's number is wrong", "not the event store's " + walk.truth(), wrong.describe(),
                        !matches(wrong, walk.truth()));
                Instant afterOrders = Instant.now();

                Walk before = compare("Time travel: every layer just before the fault", beforeFault);
                Walk after = compare("Time travel: every layer after the new orders", afterOrders);
                check("before the fault, every layer gives the event store's number",
                        "every layer agrees with " + before.truth(), disagreeing(before).toString(),
                        before.truth().sameAs(agreedWalk.truth()) && disagreeing(before).isEmpty());
                List<String> wrongLayers = LAYERS.subList(LAYERS.indexOf(fault.layer), LAYERS.size());
                check("after the orders, " + fault.layer + " and what is downstream of it keep the old number",
                        "disagreeing: " + wrongLayers + ", the truth moved to " + walk.truth(),
                        "disagreeing: " + disagreeing(after) + ", the truth " + after.truth(),
                        disagreeing(after).equals(wrongLayers) && after.truth().sameAs(walk.truth()));
                layerSql(beforeFault);

                String repair = repair();
                planted = false;
                Walk convergedWalk = awaitWalk("Lineage walk after the repair: every layer agrees again",
                        settings.repair(), w -> w.agrees() && w.truth().orders() == expectedOrders);
                check("after the repair, every layer agrees with the event store", "AGREE, " + expectedOrders
                        + " orders", convergedWalk);
                DashboardCell converged = awaitDashboard(convergedWalk.truth());
                check("the dashboard's number converged on the event store's", convergedWalk.truth().toString(),
                        converged.describe(), matches(converged, convergedWalk.truth()));
                double seconds = (System.nanoTime() - started) / 1e9;
                timeline.note("%s: done in %.1f s, %d of %d checks as expected", fault.title, seconds,
                        checks.stream().filter(Check::ok).count(), checks.size());
                return new Outcome(fault, category, day, product, List.copyOf(steps), agreed, beforeFault, wrong,
                        walk, before, after, repair, converged, convergedWalk, List.copyOf(checks), seconds);
            } catch (ScenarioStopped e) {
                double seconds = (System.nanoTime() - started) / 1e9;
                return new Outcome(fault, category, day, null, List.copyOf(steps), null, null, null, null, null, null,
                        null, null, null, List.copyOf(checks), seconds);
            } finally {
                if (planted) {
                    api.send("DELETE", fault.path, null);
                    timeline.note("%s: fault lifted after a failed check", fault.title);
                }
            }
        }

        private String createProduct() {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("sku", "LIN-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase(Locale.ROOT));
            body.put("title", "Enamel camping mug, 350 ml");
            body.put("category", category);
            body.put("price", Map.of("amount", PRICE, "currency", CURRENCY));
            body.put("attributes", Map.of());
            String id = send("Create the scenario's product (its category is a dashboard cell of its own)", "W", "POST",
                    "/api/products", body, a -> "product " + a.path("id").asText()).path("id").asText();
            // an order takes its price from the row store, which may trail the create by a moment
            await().atMost(settings.agree()).pollInterval(Duration.ofMillis(200))
                    .until(() -> api.send("GET", "/api/products/" + DemoApi.encode(id), null).status() == 200);
            return id;
        }

        private void order(String product, int quantity) {
            Map<String, Object> body = Map.of("customerId", "demo-lineage",
                    "lines", List.of(Map.of("productId", product, "quantity", quantity)));
            String id = send("Place an order: " + quantity + " × " + PRICE.toPlainString() + " " + CURRENCY, "W",
                    "POST", "/api/orders", body, a -> "order " + a.path("id").asText()).path("id").asText();
            orderIds.add(id);
        }

        private void cancel(String order) {
            send("Cancel the first order", "W", "POST", "/api/orders/" + DemoApi.encode(order) + "/cancel",
                    Map.of("reason", "customer changed their mind"), a -> "cancelled " + order);
        }

        private DashboardCell dashboard(String title) {
            DashboardCell cell = DashboardCell.read(api, day, category, CURRENCY);
            steps.add(new Step(title, "R", "GET", DashboardCell.path(day, category), null, null, cell.describe()));
            timeline.note("%s: dashboard %s", fault.title, cell.describe());
            return cell;
        }

        /** The dashboard, read until it shows {@code truth} or the repair's time is up. */
        private DashboardCell awaitDashboard(Totals truth) {
            AtomicReference<DashboardCell> last = new AtomicReference<>();
            try {
                await().atMost(settings.repair()).pollInterval(Duration.ofMillis(250)).until(() -> {
                    last.set(DashboardCell.read(api, day, category, CURRENCY));
                    return matches(last.get(), truth);
                });
            } catch (ConditionTimeoutException e) {
                // the check that follows records it
            }
            steps.add(new Step("The dashboard's number after the repair", "R", "GET", DashboardCell.path(day, category),
                    null, null, last.get().describe()));
            timeline.note("%s: dashboard %s", fault.title, last.get().describe());
            return last.get();
        }

        private String walkPath() {
            return "/api/lineage/revenue?day=" + day + "&category=" + DemoApi.encode(category) + "&currency="
                    + CURRENCY;
        }

        /** The walk, read until {@code done} holds; a timeout is a failed check and ends the scenario. */
        private Walk awaitWalk(String title, Duration timeout, Predicate<Walk> done) {
            AtomicReference<Walk> last = new AtomicReference<>();
            AtomicReference<String> seen = new AtomicReference<>("");
            try {
                await().atMost(timeout).pollInterval(Duration.ofMillis(500)).until(() -> {
                    Walk w = Walk.of(api.get(walkPath()));
                    last.set(w);
                    String now = w.verdict().reason() + (w.verdict().layer() == null ? "" : " at "
                            + w.verdict().layer()) + ", truth " + w.truth().orders() + " orders";
                    if (!now.equals(seen.getAndSet(now))) {
                        timeline.note("%s: walk says %s", fault.title, now);
                    }
                    return done.test(w);
                });
            } catch (ConditionTimeoutException e) {
                Walk w = last.get();
                String saw = w == null ? "no answer" : w.verdict().describe() + "; truth " + w.truth();
                checks.add(new Check(title, "within " + timeout.toSeconds() + " s", saw, false));
                timeline.note("✘ %s: %s (waited %d s)", fault.title, saw, timeout.toSeconds());
                throw new ScenarioStopped();
            }
            Walk w = last.get();
            steps.add(new Step(title, "A", "GET", walkPath(), null, null, w.verdict().describe() + "; truth "
                    + w.truth()));
            return w;
        }

        private Walk compare(String title, Instant at) {
            String path = "/api/lineage/compare?day=" + day + "&category=" + DemoApi.encode(category) + "&currency="
                    + CURRENCY + "&at=" + DemoApi.encode(at.toString());
            return Walk.of(send(title, "A", "GET", path, null, answer -> {
                Walk w = Walk.of(answer);
                return "at global index " + w.globalIndex() + ": truth " + w.truth() + "; disagreeing: "
                        + disagreeing(w);
            }));
        }

        /** The cell recomputed by SQL over each layer's table, as it was before the fault and as it is now. */
        private void layerSql(Instant beforeFault) {
            String cell = "category = " + DemoApi.literal(category) + " and currency = " + DemoApi.literal(CURRENCY);
            String orders = String.join(", ", orderIds.stream().map(DemoApi::literal).toList());
            Map<String, String> byLayer = new LinkedHashMap<>();
            byLayer.put("bronze.events", "select type, count(*) as events from bronze_events where aggregate_id in ("
                    + orders + ") group by type order by type");
            byLayer.put("silver.order_lines", "select sum(l.amount) as gross, sum(case when o.status = 'CANCELLED'"
                    + " then 0 else l.amount end) as net, count(distinct l.order_id) as orders from silver_order_lines l"
                    + " join silver_orders o on o.order_id = l.order_id where l.category = " + DemoApi.literal(category)
                    + " and l.currency = " + DemoApi.literal(CURRENCY) + " and l.order_date = DATE '" + day + "'");
            byLayer.put("gold.fact_sales", "select sum(amount) as gross, sum(case when status = 'CANCELLED' then 0"
                    + " else amount end) as net, count(distinct order_id) as orders from gold_fact_sales where " + cell
                    + " and order_date = DATE '" + day + "'");
            byLayer.put("gold.daily_revenue", "select gross_revenue as gross, net_revenue as net, orders,"
                    + " cancelled_orders from gold_daily_revenue where " + cell + " and day = DATE '" + day + "'");
            byLayer.forEach((layer, sql) -> {
                String then = rowsText(api.sql(sql, beforeFault.toString()));
                String now = rowsText(api.sql(sql));
                steps.add(new Step("SQL over " + layer + ", as of just before the fault and now", "A", "POST",
                        "/api/warehouse/sql", null, sql, "as of " + beforeFault + ": " + then + "; now: " + now));
            });
        }

        /** Lifts the fault; a wrong fold also rebuilds the warehouse from the log, as its contract's repair says. */
        private String repair() {
            send("Lift the fault", "O", "DELETE", fault.path, null, a -> "lifted");
            if (!fault.needsRebuild()) {
                return "Lift the stall: the layer resumes from its watermark and catches up, nothing to rebuild";
            }
            Walk lifted = Walk.of(send("Lineage walk with the bug lifted: gold still holds what it folded wrong", "A",
                    "GET", walkPath(), null, a -> Verdict.of(a.path("verdict")).describe()));
            check("lifting the bug alone leaves gold's number wrong", fault.reason + " at " + fault.layer,
                    lifted.verdict().reason() + " at " + lifted.verdict().layer(),
                    fault.reason.equals(lifted.verdict().reason()) && fault.layer.equals(lifted.verdict().layer()));
            JsonNode job = send("Rebuild the warehouse from the log (what gold folded wrong stays wrong until then)",
                    "O", "POST", "/api/admin/replay/warehouse", null, a -> "replay " + a.path("id").asText());
            String path = "/api/admin/replays/" + DemoApi.encode(job.path("id").asText());
            AtomicReference<JsonNode> last = new AtomicReference<>(job);
            try {
                await().atMost(settings.repair()).pollInterval(Duration.ofMillis(500)).until(() -> {
                    last.set(api.get(path));
                    return "DONE".equals(last.get().path("phase").asText());
                });
            } catch (ConditionTimeoutException e) {
                // the check below records it
            }
            JsonNode status = last.get();
            String seen = status.path("phase").asText() + ", " + status.path("outcome").asText("no outcome") + ", "
                    + status.path("done").asLong() + " of " + status.path("total").asLong() + " records";
            steps.add(new Step("Follow the rebuild until it is done", "O", "GET", path, null, null, seen));
            timeline.note("%s: replay %s", fault.title, seen);
            check("the warehouse rebuild succeeded", "DONE, SUCCEEDED", seen,
                    "SUCCEEDED".equals(status.path("outcome").asText()));
            return "Lift the fault, then rebuild the warehouse from the log (`POST /api/admin/replay/warehouse`): "
                    + "lifting alone does not refold what gold already folded";
        }

        /** Sends a call that must answer 2xx, records it as a step with {@code summary} of its answer. */
        private JsonNode send(String title, String role, String method, String path, Object body,
                              Function<JsonNode, String> summary) {
            String json;
            try {
                json = body == null ? null : DemoApi.JSON.writeValueAsString(body);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(e);
            }
            DemoApi.Answer answer = api.send(method, path, json);
            if (!answer.ok()) {
                String saw = answer.status() + ": " + answer.text();
                steps.add(new Step(title, role, method, path, json, null, saw));
                checks.add(new Check(title, "2xx", saw, false));
                timeline.note("✘ %s: %s %s answered %s", fault.title, method, path, saw);
                throw new ScenarioStopped();
            }
            String text = answer.status() + ", " + summary.apply(answer.json());
            steps.add(new Step(title, role, method, path, json, null, text));
            timeline.note("%s: %s %s -> %s", fault.title, method, path, text);
            return answer.json();
        }

        private void check(String what, String expected, Walk walk) {
            check(what, expected, walk.verdict().reason() + ", " + walk.truth().orders() + " orders",
                    walk.agrees());
        }

        private void check(String what, String expected, String seen, boolean ok) {
            checks.add(new Check(what, expected, seen, ok));
            timeline.note("%s %s: %s", ok ? "✔" : "✘", what, seen);
        }
    }

    /** The layers of a walk or comparison that do not give the event store's number, in flow order. */
    static List<String> disagreeing(Walk walk) {
        return walk.layers().stream().filter(l -> !l.agrees()).map(Layer::layer).toList();
    }

    private static boolean matches(DashboardCell cell, Totals truth) {
        return cell.gross().compareTo(truth.gross()) == 0 && cell.net().compareTo(truth.net()) == 0
                && cell.orders() == truth.orders() && cell.units() == truth.units();
    }

    private static String rowsText(List<Map<String, JsonNode>> rows) {
        if (rows.isEmpty()) {
            return "no rows";
        }
        return String.join("; ", rows.stream().map(r -> String.join(", ", r.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue() == null || e.getValue().isNull() ? "null"
                        : e.getValue().isNumber() ? e.getValue().decimalValue().toPlainString()
                        : e.getValue().asText())).toList())).toList());
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return List.copyOf(out);
    }

    /** Ends a scenario whose next step cannot follow from what was seen; the failed check says why. */
    private static final class ScenarioStopped extends RuntimeException {
        ScenarioStopped() {
            super(null, null, false, false);
        }
    }
}
