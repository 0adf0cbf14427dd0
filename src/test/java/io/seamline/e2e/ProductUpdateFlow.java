package io.seamline.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.seamcheck.Timeline;
import org.awaitility.core.ConditionTimeoutException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import static org.awaitility.Awaitility.await;

/**
 * The demo's core: changes one product's price and title through the command API, follows the event through every
 * hop with the propagation trace ({@code GET /api/trace}), reads the product's new state back from each store,
 * then places one order of it at the new price and follows that into gold and the dashboard. What it sees goes to
 * the {@link Timeline} as it happens; a store that never shows the change is a failed {@link Check}, not an
 * exception, so one run reports every store.
 */
final class ProductUpdateFlow {

    /** The hops an event of any type must reach: the order's path ends in gold, which the dashboard reads. */
    static final List<String> ORDER_HOPS = List.of("kafka", "rowstore", "warehouse.bronze", "warehouse.silver",
            "warehouse.gold");

    /**
     * What to change and how to look for it. {@code productId} null: the demo chooses a product with sales (one
     * without a description when there is one, so the title is most of what the vector index embeds). The paraphrase
     * says what the new title says in other words, for the vector index.
     */
    record Settings(String productId, String newTitle, String keywords, String paraphrase, int k,
                    Duration catchUp, Duration hopTimeout, Duration readTimeout) {

        static Settings fromSystemProperties() {
            return new Settings(System.getProperty("demo.product"),
                    System.getProperty("demo.title", "Hedgehog solar garden lantern with warm white LEDs"),
                    System.getProperty("demo.keywords", "hedgehog lantern"),
                    System.getProperty("demo.paraphrase", "sun-powered outdoor lamp shaped like a hedgehog"),
                    Integer.getInteger("demo.k", 10),
                    Duration.ofMinutes(Long.getLong("demo.catch-up-minutes", 10)),
                    Duration.ofSeconds(Long.getLong("demo.hop-seconds", 60)),
                    Duration.ofSeconds(Long.getLong("demo.read-seconds", 15)));
        }
    }

    /** One hop of a traced event as {@code GET /api/trace} reports it. */
    record Hop(String hop, String from, String status, Instant at, Long lagFromMillis, Long sinceAppendMillis,
               Integer partition, Long offset) {

        boolean reached() {
            return "REACHED".equals(status);
        }
    }

    /** An event followed hop by hop: where it is in the log, and the hops as last seen. */
    record Traced(String label, String type, String eventId, String aggregateId, long sequence, long globalIndex,
                  Instant appendedAt, List<Hop> hops, List<String> required) {

        Optional<Hop> hop(String name) {
            return hops.stream().filter(h -> h.hop().equals(name)).findFirst();
        }

        /** The required hops not reached. */
        List<String> missing() {
            return required.stream().filter(r -> hop(r).map(h -> !h.reached()).orElse(true)).toList();
        }
    }

    /** One store read back: what the demo expected there and what it saw. */
    record Check(String store, String read, String expected, String seen, boolean ok) {
    }

    /** What one run did and saw. */
    record Outcome(String productId, String category, String currency, String oldTitle, BigDecimal oldPrice,
                   String newTitle, BigDecimal newPrice, long version, Traced update, Traced order,
                   String orderId, DashboardCell pastBefore, DashboardCell pastAfter, DashboardCell saleBefore,
                   DashboardCell saleAfter,
                   Integer keywordRankBefore, Integer vectorRankBefore, List<Check> checks, double seconds) {

        List<Check> failures() {
            return checks.stream().filter(c -> !c.ok()).toList();
        }
    }

    private final DemoApi api;
    private final Timeline timeline;
    private final Settings settings;
    private final List<Check> checks = new ArrayList<>();

    ProductUpdateFlow(DemoApi api, Timeline timeline, Settings settings) {
        this.api = api;
        this.timeline = timeline;
        this.settings = settings;
    }

    /** The whole demo: wait for the read models, update, follow, read back, sell, follow, read back. */
    Outcome run() {
        awaitCaughtUp();
        long started = System.nanoTime();
        String id = settings.productId() != null ? settings.productId() : chooseProduct();
        JsonNode row = api.get("/api/products/" + DemoApi.encode(id));
        String oldTitle = row.path("title").asText();
        BigDecimal oldPrice = row.path("price").path("amount").decimalValue();
        String currency = row.path("price").path("currency").asText();
        String category = row.path("category").isNull() ? null : row.path("category").asText(null);
        BigDecimal newPrice = newPrice(oldPrice);
        timeline.note("product %s (%s): \"%s\", %s %s, version %d", id, category, oldTitle, oldPrice.toPlainString(),
                currency, row.path("aggregateVersion").asLong());

        Optional<DashboardCell> pastKey = lastSaleCell(id);
        DashboardCell pastBefore = pastKey.map(this::cell).orElse(null);
        if (pastBefore != null) {
            timeline.note("dashboard cell of its last sale, %s / %s / %s, before: %s", pastBefore.day(),
                    pastBefore.category(), pastBefore.currency(), pastBefore.describe());
        } else {
            timeline.note("the product has no sales yet: no past dashboard cell to show");
        }
        Integer keywordBefore = ranked(settings.keywords(), "bm25", id).map(Ranked::rank).orElse(null);
        Optional<Ranked> vectorRanked = ranked(settings.paraphrase(), "vector", id);
        Integer vectorBefore = vectorRanked.map(Ranked::rank).orElse(null);
        timeline.note("before the change: bm25 \"%s\" ranks it %s; vector \"%s\" ranks it %s (top %d)",
                settings.keywords(), rankText(keywordBefore), settings.paraphrase(), rankText(vectorBefore),
                settings.k());

        Map<String, Object> patch = new LinkedHashMap<>();
        patch.put("title", settings.newTitle());
        patch.put("price", Map.of("amount", newPrice, "currency", currency));
        JsonNode accepted = api.call("PATCH", "/api/products/" + DemoApi.encode(id), patch,
                "If-Match", row.path("aggregateVersion").asText());
        long version = accepted.path("aggregateVersion").asLong();
        timeline.note("PATCH /api/products/%s: title \"%s\", price %s -> %s %s; accepted at version %d", id,
                settings.newTitle(), oldPrice.toPlainString(), newPrice.toPlainString(), currency, version);
        Traced update = follow("update", id, version, null);

        readBack("row store", "GET /api/products/" + id, settings.newTitle() + ", " + newPrice.toPlainString()
                + ", version " + version, () -> {
            JsonNode now = api.get("/api/products/" + DemoApi.encode(id));
            String seen = now.path("title").asText() + ", " + now.path("price").path("amount").decimalValue()
                    .toPlainString() + ", version " + now.path("aggregateVersion").asLong();
            return new Seen(seen, now.path("title").asText().equals(settings.newTitle())
                    && now.path("price").path("amount").decimalValue().compareTo(newPrice) == 0
                    && now.path("aggregateVersion").asLong() == version);
        });
        String silverSql = "select title, price, currency, sequence, global_index from silver_products where product_id = "
                + DemoApi.literal(id);
        readBack("warehouse silver", "POST /api/warehouse/sql: " + silverSql, settings.newTitle() + ", "
                + newPrice.toPlainString() + ", sequence " + version, () -> {
            List<Map<String, JsonNode>> rows = api.sql(silverSql);
            if (rows.isEmpty()) {
                return new Seen("no row", false);
            }
            Map<String, JsonNode> r = rows.getFirst();
            return new Seen(r.get("title").asText() + ", " + r.get("price").decimalValue().toPlainString()
                    + ", sequence " + r.get("sequence").asLong() + " (global index " + r.get("global_index").asLong()
                    + ")", r.get("title").asText().equals(settings.newTitle())
                    && r.get("price").decimalValue().compareTo(newPrice) == 0 && r.get("sequence").asLong() == version);
        });
        DashboardCell pastAfter = null;
        if (pastBefore != null) {
            DashboardCell before = pastBefore;
            AtomicReference<DashboardCell> after = new AtomicReference<>();
            readBack("dashboard (past sale)", "GET /api/dashboard/revenue?from=" + before.day() + "&to="
                    + before.day() + "&category=…", "the same figures at a version past global index "
                    + update.globalIndex() + ": past sales keep the price they were sold at", () -> {
                after.set(cell(before));
                return new Seen(after.get().describe(), before.sameFigures(after.get())
                        && after.get().watermark() >= update.globalIndex());
            });
            pastAfter = after.get();
        }
        readBack("keyword index", "GET /api/search?mode=bm25&q=" + settings.keywords(),
                id + " among the top " + settings.k() + ", titled \"" + settings.newTitle() + "\"",
                () -> keywordHit(id));
        readBack("vector index", "GET /api/search?mode=vector&q=" + settings.paraphrase(),
                id + " among the top " + settings.k() + ", closer to the paraphrase than before",
                () -> vectorHit(id, vectorRanked));

        // a sale at the new price: what moves the dashboard is an order, which takes the row store's price
        DashboardCell saleKey = DashboardCell.empty(LocalDate.now(ZoneOffset.UTC), category, currency, -1, -1);
        DashboardCell saleBefore = category == null ? null : cell(saleKey);
        JsonNode placed = api.call("POST", "/api/orders", Map.of("customerId", "demo-e2e",
                "lines", List.of(Map.of("productId", id, "quantity", 1))));
        String orderId = placed.path("id").asText();
        timeline.note("POST /api/orders: one unit of %s, order %s", id, orderId);
        Traced order = follow("order", orderId, 0, ORDER_HOPS);
        String factSql = "select order_date, title, category, unit_price, amount, currency from gold_fact_sales"
                + " where order_id = " + DemoApi.literal(orderId);
        AtomicReference<Map<String, JsonNode>> fact = new AtomicReference<>();
        readBack("warehouse gold (fact_sales)", "POST /api/warehouse/sql: " + factSql, settings.newTitle() + ", unit price "
                + newPrice.toPlainString(), () -> {
            List<Map<String, JsonNode>> rows = api.sql(factSql);
            if (rows.isEmpty()) {
                return new Seen("no row", false);
            }
            fact.set(rows.getFirst());
            Map<String, JsonNode> r = rows.getFirst();
            return new Seen(r.get("title").asText() + ", unit price " + r.get("unit_price").decimalValue().toPlainString()
                    + " on " + r.get("order_date").asText(), r.get("title").asText().equals(settings.newTitle())
                    && r.get("unit_price").decimalValue().compareTo(newPrice) == 0);
        });
        DashboardCell saleAfter = null;
        if (saleBefore != null && fact.get() != null) {
            LocalDate day = LocalDate.parse(fact.get().get("order_date").asText());
            DashboardCell before = day.equals(saleBefore.day()) ? saleBefore
                    : DashboardCell.empty(day, category, currency, -1, -1);
            BigDecimal amount = fact.get().get("amount").decimalValue();
            AtomicReference<DashboardCell> after = new AtomicReference<>();
            readBack("dashboard (new sale)", "GET /api/dashboard/revenue?from=" + day + "&to=" + day + "&category=…",
                    "gross " + before.gross().add(amount).toPlainString() + " (" + before.gross().toPlainString()
                            + " + " + amount.toPlainString() + "), " + (before.orders() + 1) + " orders", () -> {
                        after.set(cell(before));
                        return new Seen(after.get().describe(), after.get().gross().compareTo(before.gross().add(amount)) == 0
                                && after.get().orders() == before.orders() + 1);
                    });
            saleAfter = after.get();
            saleBefore = before;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        timeline.note("done in %.1f s: %d of %d checks as expected", seconds,
                checks.stream().filter(Check::ok).count(), checks.size());
        return new Outcome(id, category, currency, oldTitle, oldPrice, settings.newTitle(), newPrice, version, update,
                order, orderId, pastBefore, pastAfter, saleBefore, saleAfter, keywordBefore, vectorBefore,
                List.copyOf(checks), seconds);
    }

    /** 10% off, to the cent; a price too small to take 10% off goes up by 1.00 instead. */
    static BigDecimal newPrice(BigDecimal old) {
        BigDecimal off = old.multiply(new BigDecimal("0.9")).setScale(2, RoundingMode.HALF_EVEN);
        return off.signum() > 0 && off.compareTo(old) != 0 ? off : old.add(BigDecimal.ONE).setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Waits until every consumer has applied the whole log, so the lags measured are the update's own. */
    private void awaitCaughtUp() {
        AtomicReference<String> behind = new AtomicReference<>("no answer yet");
        long start = System.nanoTime();
        AtomicReference<Long> lastProgress = new AtomicReference<>(start);
        try {
            await().atMost(settings.catchUp()).pollInterval(Duration.ofMillis(500)).until(() -> {
                Map<String, Long> lags = new LinkedHashMap<>();
                for (JsonNode seam : api.get("/api/freshness")) {
                    lags.merge(seam.path("consumer").asText(), seam.path("lagEvents").asLong(), Math::max);
                }
                behind.set(lags.entrySet().stream().filter(e -> e.getValue() > 0)
                        .map(e -> e.getKey() + " " + e.getValue()).toList().toString());
                boolean caughtUp = !lags.isEmpty() && lags.values().stream().allMatch(l -> l == 0);
                if (!caughtUp && System.nanoTime() - lastProgress.get() > 5_000_000_000L) {
                    lastProgress.set(System.nanoTime());
                    timeline.note("… waiting %.0f s for the read models to catch up (events behind: %s)",
                            (System.nanoTime() - start) / 1e9, behind.get());
                }
                return caughtUp;
            });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("the read models did not catch up within " + settings.catchUp()
                    + " (events behind: " + behind.get() + ")");
        }
        timeline.note("every read model has applied the whole log");
    }

    /**
     * A product of the seeded catalogue with the most sales lines, not discontinued, with a category (the dashboard
     * is by category) and not already carrying the new title (an earlier run's); one without a description when
     * there is one.
     */
    private String chooseProduct() {
        String base = "select p.product_id, count(*) as sales_lines from gold_fact_sales f join silver_products p"
                + " on p.product_id = f.product_id where not p.discontinued and p.category is not null and p.title <> "
                + DemoApi.literal(settings.newTitle());
        String order = " group by p.product_id order by sales_lines desc, p.product_id limit 1";
        List<Map<String, JsonNode>> rows = api.sql(base + " and coalesce(p.description, '') = ''" + order);
        if (rows.isEmpty()) {
            rows = api.sql(base + order);
        }
        if (rows.isEmpty()) {
            throw new IllegalStateException("no product with sales: seed the demo catalogue (make run SEED=demo)"
                    + " or name one with -Ddemo.product=<id>");
        }
        String id = rows.getFirst().get("product_id").asText();
        timeline.note("chose %s: %d sales lines in gold.fact_sales", id, rows.getFirst().get("sales_lines").asLong());
        return id;
    }

    /** The cell of the product's newest sale (day, category and currency of its line), if it has sales. */
    private Optional<DashboardCell> lastSaleCell(String id) {
        List<Map<String, JsonNode>> rows = api.sql("select order_date, category, currency from gold_fact_sales"
                + " where product_id = " + DemoApi.literal(id)
                + " and category is not null order by order_date desc limit 1");
        return rows.stream().findFirst().map(r -> DashboardCell.empty(LocalDate.parse(r.get("order_date").asText()),
                r.get("category").asText(), r.get("currency").asText(), -1, -1));
    }

    /** The dashboard's cell for {@code key}'s day, category and currency, read now (zeros when it has none). */
    private DashboardCell cell(DashboardCell key) {
        return DashboardCell.read(api, key.day(), key.category(), key.currency());
    }

    /** Where a search put the product: its rank (1-based) among the top k and the score of {@code mode}'s index. */
    private record Ranked(int rank, double score, String title) {
    }

    /** The product among the top k of {@code mode} for {@code query}, if it is there. */
    private Optional<Ranked> ranked(String query, String mode, String id) {
        JsonNode hits = api.get("/api/search?explain=true&mode=" + mode + "&k=" + settings.k() + "&q="
                + DemoApi.encode(query)).path("hits");
        for (int i = 0; i < hits.size(); i++) {
            JsonNode h = hits.get(i);
            if (h.path("productId").asText().equals(id)) {
                return Optional.of(new Ranked(i + 1, h.path("scores").path(mode).asDouble(), h.path("title").asText()));
            }
        }
        return Optional.empty();
    }

    /** The keyword index finds the product by words of its new title, and describes it with that title. */
    private Seen keywordHit(String id) {
        return ranked(settings.keywords(), "bm25", id)
                .map(r -> new Seen("rank " + r.rank() + ": \"" + r.title() + "\"", r.title().equals(settings.newTitle())))
                .orElseGet(() -> new Seen("not in the top " + settings.k(), false));
    }

    /**
     * The vector index finds the product by a paraphrase of its new title, closer than before the change (when it
     * was among the top k then). Its hits are described by the keyword index, so the title is not this index's
     * evidence; the similarity is.
     */
    private Seen vectorHit(String id, Optional<Ranked> before) {
        return ranked(settings.paraphrase(), "vector", id)
                .map(r -> new Seen(String.format(Locale.ROOT, "rank %d, similarity %.3f%s", r.rank(),
                        r.score(), before.map(b -> String.format(Locale.ROOT, " (before: rank %d, %.3f)",
                                b.rank(), b.score())).orElse(" (before: not in the top " + settings.k() + ")")),
                        before.map(b -> r.score() > b.score()).orElse(true)))
                .orElseGet(() -> new Seen("not in the top " + settings.k(), false));
    }

    private static String rankText(Integer rank) {
        return rank == null ? "nowhere" : "#" + rank;
    }

    /**
     * Follows event {@code sequence} of {@code aggregateId} through the trace until every hop (or every hop of
     * {@code required}) is reached, printing each hop when it is first seen reached and a progress line while it
     * waits. A hop not reached in time, or one the trace did not record, is a failed check.
     */
    private Traced follow(String label, String aggregateId, long sequence, List<String> required) {
        String path = "/api/trace?aggregateId=" + DemoApi.encode(aggregateId) + "&sequence=" + sequence;
        Set<String> printed = new LinkedHashSet<>();
        AtomicReference<Traced> last = new AtomicReference<>();
        long start = System.nanoTime();
        AtomicReference<Long> lastProgress = new AtomicReference<>(start);
        try {
            await().atMost(settings.hopTimeout()).pollInterval(Duration.ofMillis(50)).until(() -> {
                DemoApi.Answer answer = api.send("GET", path, null);
                if (answer.status() != 200) {
                    return false; // the event is appended before the command answers: only a hiccup gets here
                }
                Traced traced = traced(label, answer.json(), required);
                last.set(traced);
                if (printed.isEmpty()) {
                    printed.add("eventstore");
                    timeline.note("%s: %s %s#%d appended to the event store at global index %d (%s)", label,
                            traced.type(), aggregateId, sequence, traced.globalIndex(), traced.appendedAt());
                }
                for (Hop hop : traced.hops()) {
                    // a hop is printed once its upstream is recorded too (bronze reports after silver and gold)
                    if (hop.reached() && hop.lagFromMillis() != null && printed.add(hop.hop())) {
                        timeline.note("%s: %-16s +%4d ms after %-16s (%d ms after the append)%s", label, hop.hop(),
                                hop.lagFromMillis(), hop.from(), hop.sinceAppendMillis(), hop.partition() == null ? ""
                                        : ", partition " + hop.partition() + " offset " + hop.offset());
                    }
                }
                List<String> missing = traced.missing();
                if (missing.isEmpty()) {
                    return true;
                }
                if (traced.hops().stream().anyMatch(h -> missing.contains(h.hop()) && h.status().equals("NOT_RECORDED"))) {
                    return true; // the consumer is past it without a time: waiting will not bring one
                }
                if (System.nanoTime() - lastProgress.get() > 2_000_000_000L) {
                    lastProgress.set(System.nanoTime());
                    timeline.note("%s: … waiting %.1f s, %d of %d hops reached, pending: %s", label,
                            (System.nanoTime() - start) / 1e9, traced.required().size() - missing.size(),
                            traced.required().size(), String.join(", ", missing));
                }
                return false;
            });
        } catch (ConditionTimeoutException e) {
            // reported below as a failed check, with the hops as last seen
        }
        Traced traced = last.get();
        if (traced == null) {
            throw new IllegalStateException("GET " + path + " never answered 200 within " + settings.hopTimeout());
        }
        List<String> missing = traced.missing();
        String seen = missing.isEmpty()
                ? "all reached, the last " + traced.hops().stream().filter(Hop::reached)
                        .mapToLong(Hop::sinceAppendMillis).max().orElse(0) + " ms after the append"
                : "not reached: " + String.join(", ", missing.stream().map(m -> m + " ("
                        + traced.hop(m).map(Hop::status).orElse("absent") + ")").toList());
        checks.add(new Check("propagation trace", "GET " + path, "every hop reached: "
                + String.join(", ", traced.required()), seen, missing.isEmpty()));
        return traced;
    }

    private static Traced traced(String label, JsonNode trace, List<String> required) {
        JsonNode event = trace.path("event");
        List<Hop> hops = new ArrayList<>();
        for (JsonNode h : trace.path("hops")) {
            hops.add(new Hop(h.path("hop").asText(), h.path("from").asText(null), h.path("status").asText(),
                    h.path("at").isTextual() ? Instant.parse(h.path("at").asText()) : null,
                    h.path("lagFromMillis").isNumber() ? h.path("lagFromMillis").asLong() : null,
                    h.path("sinceAppendMillis").isNumber() ? h.path("sinceAppendMillis").asLong() : null,
                    h.path("partition").isNumber() ? h.path("partition").asInt() : null,
                    h.path("offset").isNumber() ? h.path("offset").asLong() : null));
        }
        List<String> needed = required != null ? required
                : hops.stream().map(Hop::hop).filter(h -> !h.equals("eventstore")).toList();
        return new Traced(label, event.path("type").asText(), event.path("eventId").asText(),
                event.path("aggregateId").asText(), event.path("sequence").asLong(), event.path("globalIndex").asLong(),
                Instant.parse(event.path("appendedAt").asText()), hops, needed);
    }

    /** What a read-back saw, and whether it is what was expected. */
    private record Seen(String text, boolean ok) {
    }

    /**
     * Reads {@code store} until it shows what is expected or {@link Settings#readTimeout} passes (an index may answer
     * from a searcher refreshed a moment after the hop), and records the check with what it saw last.
     */
    private void readBack(String store, String read, String expected, Supplier<Seen> seen) {
        AtomicReference<Seen> last = new AtomicReference<>(new Seen("no answer", false));
        long start = System.nanoTime();
        try {
            await().atMost(settings.readTimeout()).pollInterval(Duration.ofMillis(100)).until(() -> {
                last.set(seen.get());
                return last.get().ok();
            });
        } catch (ConditionTimeoutException e) {
            // recorded below as a failed check
        }
        Seen s = last.get();
        long millis = (System.nanoTime() - start) / 1_000_000;
        checks.add(new Check(store, read, expected, s.text(), s.ok()));
        timeline.note("%s %s: %s%s", s.ok() ? "✔" : "✘", store, s.text(), s.ok() ? "" : " (expected " + expected
                + ", waited " + millis + " ms)");
    }
}
