package io.seamline.platform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.bench.ServiceProcess;
import io.seamline.support.Directories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas of the packaged service on one PostgreSQL and one Kafka, as docs/scaling.md lays them out: commands go
 * to both and both answer the same reads; a replica killed with SIGKILL in the middle of a burst loses no command it
 * acknowledged, the relay moves to the survivor within its claim timeout, and reconciliation finds no drift after.
 * The servers run in this process on free ports, each replica as a child process (java -jar quarkus-run.jar) with a
 * data directory of its own and the one shared issuer key.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {

    /** Short, so the failover fits a test; the defaults (10 s, 5 s, 45 s) trade it for fewer writes to the stores. */
    private static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration CLAIM_INTERVAL = Duration.ofMillis(500);
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** The claim interval and the relay's next batch on a loaded machine. */
    private static final Duration FAILOVER_GRACE = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private Path work;
    private EmbeddedInfra infra;
    private final Map<String, ServiceProcess> replicas = new LinkedHashMap<>();

    @BeforeAll
    void start() throws IOException {
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
        assertThat(jar).as("the packaged service: make test builds it first (make build)").exists();
        work = Files.createTempDirectory("seamline-replicas");
        infra = EmbeddedInfra.start(work.resolve("infra"), PortCheck.freePort(), PortCheck.freePort(),
                PortCheck.freePort());
        Map<String, String> shared = new LinkedHashMap<>(infra.config());
        shared.put("seamline.seed", "none");
        shared.put("seamline.auth.embedded.dir", work.resolve("auth").toString());
        shared.put("seamline.axon.token-claim-timeout", CLAIM_TIMEOUT.toMillis() + "ms");
        shared.put("seamline.relay.token-claim-interval", CLAIM_INTERVAL.toMillis() + "ms");
        shared.put("seamline.consumers.session-timeout", SESSION_TIMEOUT.toMillis() + "ms");
        shared.put("seamline.reconcile.interval", "0");
        // the vector index embeds every product (CPU this test does not need to show replication)
        shared.put("seamline.vectors.enabled", "false");
        Path javaHome = ServiceProcess.javaHome();
        for (String id : List.of("r1", "r2")) {
            Map<String, String> own = new LinkedHashMap<>(shared);
            own.put("seamline.replica.id", id);
            own.put("seamline.data.dir", work.resolve(id).toString());
            replicas.put(id, ServiceProcess.launch(javaHome, jar, PortCheck.freePort(), own, List.of("-Xmx768m"),
                    work.resolve(id + ".log")));
        }
        replicas.values().forEach(r -> r.awaitHttp200("/q/health/live", Duration.ofMinutes(3)));
    }

    @AfterAll
    void stop() {
        replicas.values().forEach(ServiceProcess::close);
        if (infra != null) {
            infra.close();
        }
        if (work != null) {
            Directories.deleteRecursively(work);
        }
    }

    @Test
    @Order(1)
    void commandsToBoth_readTheSameOnBoth() {
        ServiceProcess r1 = replicas.get("r1");
        ServiceProcess r2 = replicas.get("r2");
        String wordOne = word();
        String wordTwo = word();
        String one = create(r1, "Kettle " + wordOne).orElseThrow(() -> new AssertionError("r1 refused a create"));
        String two = create(r2, "Teapot " + wordTwo).orElseThrow(() -> new AssertionError("r2 refused a create"));
        // a change through the replica that did not create it: its aggregate cache must not decide on stale state
        assertThat(send(r2, "PATCH", "/api/products/" + one, Map.of("title", "Kettle " + wordOne + " steel"))
                .status() / 100).as("the update's status class").isEqualTo(2);

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (String id : List.of(one, two)) {
                JsonNode onFirst = send(r1, "GET", "/api/products/" + id, null).body();
                JsonNode onSecond = send(r2, "GET", "/api/products/" + id, null).body();
                assertThat(onFirst).as("product %s on r1", id).isNotNull();
                assertThat(onFirst.path("aggregateVersion").asLong()).isEqualTo(id.equals(one) ? 1 : 0);
                assertThat(onSecond).as("product %s on r2, as on r1", id).isEqualTo(onFirst);
            }
        });
        // products on most partitions, so each replica's row store partitions (about half each) hold some of them
        for (int i = 0; i < 6; i++) {
            assertThat(create(i % 2 == 0 ? r1 : r2, "Filler " + word())).isPresent();
        }
        // each replica holds some of the row store's partitions: its freshness counts the others' from the group
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (ServiceProcess replica : List.of(r1, r2)) {
                assertThat(lagOf(replica)).as("lag on %s", replica.uri("")).containsEntry("rowstore", 0L)
                        .containsEntry("relay", 0L);
            }
        });
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
            for (ServiceProcess replica : List.of(r1, r2)) {
                assertThat(keywordHits(replica, wordOne + " steel")).as("keyword hits on %s", replica.uri(""))
                        .containsExactly(one);
                assertThat(keywordHits(replica, wordTwo)).as("keyword hits on %s", replica.uri("")).containsExactly(two);
            }
        });
    }

    @Test
    @Order(2)
    void killOfTheRelayingReplicaMidBurst_losesNothingAcknowledged_andTheRelayFailsOver() throws Exception {
        String victimId = relayOwner().orElseThrow().split("/")[0];
        String survivorId = victimId.equals("r1") ? "r2" : "r1";
        ServiceProcess victim = replicas.get(victimId);
        ServiceProcess survivor = replicas.get(survivorId);
        Set<String> acked = ConcurrentHashMap.newKeySet();
        AtomicInteger ackedByVictim = new AtomicInteger();
        AtomicInteger ackedAfterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        for (int client = 0; client < 4; client++) {
            ServiceProcess target = client % 2 == 0 ? victim : survivor;
            clients.submit(() -> {
                while (!stop.get()) {
                    boolean before = !killed.get();
                    create(target, "Burst " + word()).ifPresent(id -> {
                        acked.add(id);
                        if (target == victim) {
                            ackedByVictim.incrementAndGet();
                        } else if (!before) {
                            ackedAfterKill.incrementAndGet();
                        }
                    });
                }
            });
        }
        double failover;
        try {
            await().atMost(Duration.ofSeconds(60)).until(() -> ackedByVictim.get() >= 30);
            ProcessHandle.of(victim.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: nothing runs on exit
            ProcessHandle.of(victim.pid()).ifPresent(h -> h.onExit().join());
            killed.set(true);
            long killedAt = System.nanoTime();
            // the relay moves once the dead replica's claim has timed out
            await().atMost(CLAIM_TIMEOUT.plus(CLAIM_INTERVAL).plus(FAILOVER_GRACE)).pollInterval(Duration.ofMillis(50))
                    .until(() -> relayOwner().filter(o -> o.startsWith(survivorId + "/")).isPresent());
            failover = (System.nanoTime() - killedAt) / 1e9;
            await().atMost(Duration.ofSeconds(60)).until(() -> ackedAfterKill.get() >= 30);
        } finally {
            stop.set(true);
            clients.shutdown();
            assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        System.out.printf("two replicas: %d commands acknowledged (%d by %s, killed mid-burst); the relay moved to %s "
                + "%.1f s after the kill (claim timeout %s)%n", acked.size(), ackedByVictim.get(), victimId, survivorId,
                failover, CLAIM_TIMEOUT);

        assertThat(eventStoreAggregates(acked)).as("acknowledged products in the event store").isEqualTo(acked);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(lagOf(survivor)).as("lag on %s: the relay published all, every model applied it", survivorId)
                        .containsKeys("relay", "rowstore", "search", "warehouse")
                        .allSatisfy((consumer, lag) -> assertThat(lag).as(consumer).isZero()));
        Set<String> missing = new HashSet<>();
        for (String id : acked) {
            if (send(survivor, "GET", "/api/products/" + id, null).status() != 200) {
                missing.add(id);
            }
        }
        assertThat(missing).as("acknowledged products the survivor's row store does not have").isEmpty();
        for (String model : List.of("rowstore", "search", "warehouse")) {
            JsonNode report = send(survivor, "POST", "/api/admin/reconcile/" + model, null).body();
            assertThat(report.path("truthKeys").asLong()).as("%s's keys", model).isGreaterThanOrEqualTo(acked.size());
            assertThat(report.path("drift").asLong()).as("%s's drift: %s", model, report).isZero();
        }
    }

    private static String word() {
        // letters only: one token the English analyser keeps as it is
        return UUID.randomUUID().toString().replaceAll("[^a-f]", "").replace('e', 'q') + "zx";
    }

    private Optional<String> create(ServiceProcess replica, String title) {
        String sku = "REP-" + UUID.randomUUID();
        Answer answer;
        try {
            answer = send(replica, "POST", "/api/products", Map.of("sku", sku, "title", title,
                    "description", "made by TwoReplicasIT", "category", "Home & Kitchen > Kettles",
                    "price", Map.of("amount", 12.5, "currency", "USD")));
        } catch (UncheckedIOException refused) {
            return Optional.empty(); // a replica that is gone acknowledges nothing
        }
        return answer.status() == 201 ? Optional.of(answer.body().path("id").asText()) : Optional.empty();
    }

    private List<String> keywordHits(ServiceProcess replica, String query) {
        JsonNode hits = send(replica, "GET", "/api/search?mode=bm25&k=10&q=" + query.replace(" ", "+"), null).body()
                .path("hits");
        return hits.findValuesAsText("productId");
    }

    /** Events each consumer has yet to apply, as the replica's freshness says. */
    private Map<String, Long> lagOf(ServiceProcess replica) {
        Map<String, Long> lag = new LinkedHashMap<>();
        send(replica, "GET", "/api/freshness", null).body()
                .forEach(seam -> lag.merge(seam.path("consumer").asText(), seam.path("lagEvents").asLong(), Math::max));
        lag.remove("vectors"); // switched off here
        return lag;
    }

    /** Who holds the relay's token claim: {@code <replica id>/<pid>@<host>}. */
    private Optional<String> relayOwner() throws SQLException {
        try (Connection c = database();
             PreparedStatement ps = c.prepareStatement("select owner from tokenentry where processorname = 'relay'");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.ofNullable(rs.getString(1)) : Optional.empty();
        }
    }

    private Set<String> eventStoreAggregates(Set<String> ids) throws SQLException {
        try (Connection c = database(); PreparedStatement ps = c.prepareStatement(
                "select distinct aggregateidentifier from domainevententry where aggregateidentifier = any(?)")) {
            ps.setArray(1, c.createArrayOf("text", ids.toArray()));
            Set<String> found = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            return found;
        }
    }

    private Connection database() throws SQLException {
        return DriverManager.getConnection(infra.postgres().jdbcUrl(), EmbeddedPostgresServer.USER,
                EmbeddedPostgresServer.PASSWORD);
    }

    private record Answer(int status, JsonNode body) {
    }

    private Answer send(ServiceProcess replica, String method, String path, Object body) {
        try {
            HttpRequest.Builder request = replica.request(path).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            return new Answer(response.statusCode(), text.isBlank() ? null : JSON.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
