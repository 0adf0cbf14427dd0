package io.seamline.seamcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seamline.bench.Evidence;
import io.seamline.bench.HarnessExit;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import io.seamline.seam.event.EventEnvelope;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code make chaos}: breaks each seam of the running platform on purpose and records what the platform saw and did,
 * with timestamps, into {@code docs/evidence/chaos.md}:
 * (a) the search and vector consumers lose one product's ProductDiscontinued → it stays searchable → reconciliation
 * shows it → repair → gone; (b) the warehouse consumer stalls → freshness WARN, then ERROR and not ready → resumes →
 * recovers; (c) kill -9 of the service mid-burst → restart → nothing acknowledged lost, nothing duplicated;
 * (d) the Kafka broker restarts mid-burst → the same; (e) a poison event → quarantined, the rest flows.
 * Exits non-zero when any scenario does not end as it must.
 */
public final class ChaosRun {

    private static final List<String> MODELS = List.of("rowstore", "warehouse", "search", "vectors");
    private static final Duration CATCH_UP = Duration.ofMinutes(5);

    private final LivePlatform platform;
    private final Timeline timeline;
    private final Map<String, String> sections = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    private ChaosRun(LivePlatform platform, Timeline timeline) {
        this.platform = platform;
        this.timeline = timeline;
    }

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        Path project = Path.of("").toAbsolutePath();
        Timeline timeline = new Timeline(System.out::println);
        Path out = project.resolve(System.getProperty("chaos.out", Evidence.page(project, "chaos.md").toString()));
        ChaosRun run;
        String started = Instant.now().toString();
        try (LivePlatform platform = LivePlatform.start(project, project.resolve("target/chaos"),
                Map.of("seamline.faults.enabled", "false"), timeline::note)) {
            run = new ChaosRun(platform, timeline);
            run.all();
        }
        Files.createDirectories(out.getParent());
        Files.writeString(out, run.report(started, Evidence.source(project)));
        System.out.println("wrote " + out);
        if (!run.failures.isEmpty()) {
            System.err.println("chaos: " + run.failures.size() + " scenario(s) did not end as they must: " + run.failures);
            System.exit(1);
        }
    }

    private void all() {
        CanaryLoad.Written canary = CanaryLoad.write(platform, 2);
        timeline.note("canary written: %d live products, %d discontinued, %d orders", canary.live().size(),
                canary.discontinued().size(), canary.orders().size());
        awaitCaughtUp();
        // fault injection is off in a normal start: a chaos run turns it on by the admin call an operator would make
        platform.postOk("/api/admin/faults/enable", null);
        timeline.note("fault injection enabled by POST /api/admin/faults/enable");
        scenario("a", "A lost ProductDiscontinued, found and repaired by reconciliation", this::lostDiscontinue);
        scenario("b", "A stalled warehouse consumer turns stale, then recovers", this::stalledWarehouse);
        scenario("c", "kill -9 of the service in the middle of a burst", this::killDuringBurst);
        scenario("d", "The Kafka broker restarts in the middle of a burst", this::kafkaRestartDuringBurst);
        scenario("e", "A poison event is quarantined and the rest flows", this::poisonEvent);
    }

    private void scenario(String key, String title, Runnable body) {
        int from = timeline.size();
        timeline.note("scenario (%s) %s: begins", key, title);
        String verdict;
        try {
            body.run();
            verdict = "ended as it must";
        } catch (RuntimeException | AssertionError e) {
            failures.add(key);
            verdict = "FAILED: " + e.getMessage();
            timeline.note("scenario (%s) failed: %s", key, e.getMessage());
        }
        sections.put("(" + key + ") " + title, "**Verdict: " + verdict + ".**\n\n" + timeline.markdownSince(from));
    }

    // ------------------------------------------------------------------------------------------------ (a)

    private void lostDiscontinue() {
        String title = "Chaos storm lantern " + UUID.randomUUID().toString().substring(0, 6);
        String id = CanaryLoad.createProduct(platform, "CHAOS-" + UUID.randomUUID(), title,
                "Hurricane lantern with a glass chimney for the garden", "Outdoors > Lighting", "24.90");
        awaitCaughtUp();
        check(searchable(title, "bm25", id) && searchable(title, "vector", id), "the new product is searchable");
        platform.postOk("/api/admin/faults/drops", Map.of("consumers", List.of("search", "vectors"), "aggregateId", id,
                "eventType", "ProductDiscontinued"));
        timeline.note("fault armed: search and vectors lose ProductDiscontinued of %s", id);
        LivePlatform.Answer discontinued = platform.delete("/api/products/" + id);
        check(discontinued.ok(), "the discontinue command is accepted");
        timeline.note("product %s discontinued through the API (version %s)", id, discontinued.body().path("aggregateVersion"));
        awaitCaughtUp();
        boolean bm25 = searchable(title, "bm25", id);
        boolean vector = searchable(title, "vector", id);
        timeline.note("every consumer caught up; the discontinued product is still returned by bm25: %s, vector: %s",
                bm25, vector);
        check(bm25 && vector, "the lost discontinue leaves the product searchable (the drift to find)");
        for (String model : List.of("search", "vectors")) {
            JsonNode found = reconcile(model, false);
            timeline.note("reconcile %s (detect): %s", model, Reconciliations.summary(found));
            check(Reconciliations.mentions(found, id), "reconciliation of " + model + " names " + id);
        }
        platform.delete("/api/admin/faults");
        timeline.note("faults cleared (the cause is fixed before the repair)");
        for (String model : List.of("search", "vectors")) {
            JsonNode repaired = reconcile(model, true);
            timeline.note("reconcile %s (repair): %s", model, Reconciliations.summary(repaired));
            check(Reconciliations.driftAfter(repaired) == 0, model + " has no drift after the repair");
        }
        bm25 = searchable(title, "bm25", id);
        vector = searchable(title, "vector", id);
        timeline.note("after the repair the product is returned by bm25: %s, vector: %s", bm25, vector);
        check(!bm25 && !vector, "the repaired indexes no longer return the discontinued product");
    }

    // ------------------------------------------------------------------------------------------------ (b)

    private void stalledWarehouse() {
        JsonNode sla = consumerFreshness("warehouse");
        timeline.note("warehouse SLA (%s): warn after %s s, error after %s s", sla.path("seam").asText(),
                sla.path("warnAfter").asText(), sla.path("errorAfter").asText());
        platform.postOk("/api/admin/faults/stalls/warehouse", null);
        timeline.note("fault armed: warehouse consumer stalled (alive, applying nothing)");
        try (Writer writer = Writer.start(platform, 5)) {
            watchWarehouse("ERROR", false, errorAfterOf(sla).plusSeconds(60));
            platform.delete("/api/admin/faults/stalls/warehouse");
            timeline.note("stall cleared: the warehouse consumer resumes");
            watchWarehouse("OK", true, Duration.ofMinutes(3));
            timeline.note("writer wrote %d updates during the scenario", writer.written());
        }
    }

    /** Notes every change of the warehouse's freshness and of readiness until {@code status} with readiness {@code up}. */
    private void watchWarehouse(String status, boolean up, Duration timeout) {
        String last = "";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode f = consumerFreshness("warehouse");
            int ready = platform.get("/q/health/ready").status();
            String now = f.path("status").asText() + " stalled=" + f.path("stalled").asBoolean() + " ready="
                    + (ready == 200 ? "UP" : "DOWN");
            if (!now.equals(last)) {
                timeline.note("warehouse freshness %s (lag %d events, %.1f s); /q/health/ready %d", now,
                        f.path("lagEvents").asLong(), f.path("lagSeconds").asDouble(), ready);
                last = now;
            }
            if (f.path("status").asText().equals(status) && (ready == 200) == up) {
                return;
            }
            CanaryLoad.sleep(500);
        }
        throw new AssertionError("the warehouse did not reach " + status + " with readiness " + (up ? "UP" : "DOWN")
                + " within " + timeout);
    }

    // ------------------------------------------------------------------------------------------------ (c), (d)

    private void killDuringBurst() {
        Burst burst = Burst.start(platform, 4);
        waitUntil(() -> burst.acknowledgedSoFar() >= 40, Duration.ofMinutes(1), "the burst to get going");
        timeline.note("burst running: %d products acknowledged", burst.acknowledgedSoFar());
        platform.killService();
        CanaryLoad.sleep(1000);
        platform.launchService();
        timeline.note("service relaunched on the same data");
        CanaryLoad.sleep(3000);
        Map<String, Long> acknowledged = burst.stop();
        timeline.note("burst stopped: %d products acknowledged, %d commands unanswered (not acknowledged)",
                acknowledged.size(), burst.unanswered());
        verifyNothingLost(acknowledged);
    }

    private void kafkaRestartDuringBurst() {
        Burst burst = Burst.start(platform, 4);
        waitUntil(() -> burst.acknowledgedSoFar() >= 40, Duration.ofMinutes(1), "the burst to get going");
        timeline.note("burst running: %d products acknowledged", burst.acknowledgedSoFar());
        platform.restartKafka();
        CanaryLoad.sleep(5000);
        Map<String, Long> acknowledged = burst.stop();
        timeline.note("burst stopped: %d products acknowledged, %d commands unanswered", acknowledged.size(),
                burst.unanswered());
        verifyNothingLost(acknowledged);
    }

    /**
     * Every acknowledged product is in the row store at its acknowledged version, and every read model equals the
     * fold of the event store: no key missing, none extra, none at another sequence (counts and digests equal).
     */
    private void verifyNothingLost(Map<String, Long> acknowledged) {
        awaitCaughtUp();
        int missing = 0;
        for (Map.Entry<String, Long> ack : acknowledged.entrySet()) {
            LivePlatform.Answer row = platform.get("/api/products/" + ack.getKey());
            if (!row.ok() || row.body().path("aggregateVersion").asLong() < ack.getValue()) {
                missing++;
            }
        }
        timeline.note("acknowledged products missing from the row store or behind their acknowledged version: %d of %d",
                missing, acknowledged.size());
        check(missing == 0, "no acknowledged command is lost");
        for (String model : MODELS) {
            JsonNode report = reconcile(model, false);
            timeline.note("reconcile %s against the event store fold: %s", model, Reconciliations.summary(report));
            check(Reconciliations.drift(report) == 0, model + " equals the event store fold");
        }
    }

    // ------------------------------------------------------------------------------------------------ (e)

    private void poisonEvent() {
        String poisonId = UUID.randomUUID().toString();
        ObjectNode payload = EventJson.mapper().createObjectNode().put("productId", poisonId).put("sku", "POISON")
                .put("title", "Poison").putNull("description");
        payload.putObject("price").put("amount", "-1.00").put("currency", "euros");
        EventEnvelope poison = new EventEnvelope(UUID.randomUUID().toString(), "ProductCreated", 2, "Product", poisonId,
                0, Long.MAX_VALUE, Instant.now(), "chaos", payload);
        RecordMetadata where = publish(poisonId, poison);
        timeline.note("poison ProductCreated (price -1.00 'euros', no category) published at %s-%d@%d",
                where.topic(), where.partition(), where.offset());
        String title = "After the poison " + UUID.randomUUID().toString().substring(0, 6);
        String after = CanaryLoad.createProduct(platform, "CHAOS-" + UUID.randomUUID(), title,
                "A product created after the poison event", "Home > Misc", "5.00");
        timeline.note("product %s created after it through the API", after);
        awaitCaughtUp();
        JsonNode quarantined = platform.get("/api/quarantine?limit=100").body();
        List<String> consumers = new ArrayList<>();
        for (JsonNode q : quarantined) {
            if (poisonId.equals(q.path("aggregateId").asText())) {
                consumers.add(q.path("consumer").asText());
                timeline.note("quarantined by %s at offset %s: %s", q.path("consumer").asText(),
                        q.path("offset").asText(), abbreviate(q.path("reason").asText(), 160));
            }
        }
        check(consumers.containsAll(MODELS_CONSUMING), "every consumer quarantined the poison event: " + consumers);
        check(searchable(title, "bm25", after), "the product after the poison is searchable");
        check(platform.get("/api/products/" + after).ok(), "the product after the poison is in the row store");
        for (JsonNode f : platform.get("/api/freshness").body()) {
            timeline.note("freshness of seam %s (consumer %s): %s, health %s, quarantined %s", f.path("seam").asText(),
                    f.path("consumer").asText(), f.path("status").asText(), f.path("health").asText(),
                    f.path("quarantined").asText());
        }
    }

    private static final Set<String> MODELS_CONSUMING = Set.of("rowstore", "warehouse", "search", "vectors");

    private RecordMetadata publish(String key, EventEnvelope envelope) {
        try (KafkaProducer<String, byte[]> producer = KafkaClients.of(Map.of("bootstrap.servers",
                platform.infra().kafka().bootstrapServers())).producer(Map.of(), new StringSerializer(),
                new ByteArraySerializer())) {
            return producer.send(new ProducerRecord<>("seamline.events", key,
                    EventJson.mapper().writeValueAsBytes(envelope))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not publish the poison event", e);
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void awaitCaughtUp() {
        waitUntil(() -> {
            LivePlatform.Answer answer = platform.get("/api/freshness");
            if (!answer.ok()) {
                return false;
            }
            for (JsonNode f : answer.body()) {
                if (f.path("lagEvents").asLong() > 0) {
                    return false;
                }
            }
            return true;
        }, CATCH_UP, "every consumer to catch up");
        timeline.note("every consumer caught up with the log (head %s)",
                platform.get("/api/freshness").body().path(0).path("head").asText());
    }

    private JsonNode consumerFreshness(String consumer) {
        for (JsonNode f : platform.get("/api/freshness").body()) {
            if (consumer.equals(f.path("consumer").asText())) {
                return f;
            }
        }
        throw new AssertionError("no freshness for " + consumer);
    }

    /** The error threshold as the API writes a duration: seconds, or ISO-8601 text. */
    private static Duration errorAfterOf(JsonNode freshness) {
        JsonNode errorAfter = freshness.path("errorAfter");
        return errorAfter.isTextual() ? Duration.parse(errorAfter.asText())
                : Duration.ofMillis((long) (errorAfter.asDouble() * 1000));
    }

    private boolean searchable(String query, String mode, String id) {
        JsonNode answer = platform.get("/api/search?k=50&mode=" + mode + "&q="
                + URLEncoder.encode(query, StandardCharsets.UTF_8)).body();
        for (JsonNode hit : answer.path("hits")) {
            if (id.equals(hit.path("productId").asText())) {
                return true;
            }
        }
        return false;
    }

    private JsonNode reconcile(String model, boolean repair) {
        return platform.postOk("/api/admin/reconcile/" + model + "?repair=" + repair, null);
    }

    private void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError("expected: " + what);
        }
        timeline.note("checked: %s", what);
    }

    private static void waitUntil(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            CanaryLoad.sleep(250);
        }
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }

    private String report(String started, String source) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Chaos run\n\n");
        md.append("Written by `make chaos` (").append(getClass().getName()).append(") from the run that began at ")
                .append(started).append(". The platform ran as a user runs it: PostgreSQL and Kafka embedded in the ")
                .append("harness, the packaged service as a child process on them, fault injection enabled by the ")
                .append("admin call. Every line below is what the harness saw at that time.\n\n");
        md.append("Source: ").append(source).append("\n\n");
        md.append(failures.isEmpty() ? "All five scenarios ended as they must.\n\n"
                : "Scenarios that did not end as they must: " + failures + ".\n\n");
        sections.forEach((title, body) -> md.append("## ").append(title).append("\n\n").append(body).append("\n"));
        return md.toString();
    }
}
