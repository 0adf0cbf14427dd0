package io.seamline.seamcheck;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.seamline.bench.HarnessExit;

/**
 * {@code make idempotency-restart}: a retry after the service was killed still gets the first answer. Starts the
 * packaged service, places an order with an Idempotency-Key, kills the service with SIGKILL (as a crash after the
 * commit but before the client heard back would), launches it again on the same data, and retries: the answer must be
 * the first one (status, body, ETag, Location) marked as replayed, the log must not have moved, and the same key with
 * another body must be refused with 422. Exits 1 when any of that does not hold.
 */
public final class IdempotencyRestartRun {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private IdempotencyRestartRun() {
    }

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        Path project = Path.of("").toAbsolutePath();
        Timeline timeline = new Timeline(System.out::println);
        List<String> failures = new ArrayList<>();
        try (LivePlatform platform = LivePlatform.start(project, project.resolve("target/idempotency-restart"),
                Map.of(), timeline::note)) {
            Map<String, Object> price = Map.of("amount", new BigDecimal("3.50"), "currency", "EUR");
            String product = platform.postOk("/api/products",
                    Map.of("sku", "IDEM-" + UUID.randomUUID(), "title", "Kettle", "price", price)).path("id").asText();
            // orders are priced from the row store: wait (a minute at most) until it has the product
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (platform.get("/api/products/" + product).status() != 200 && System.nanoTime() < deadline) {
                CanaryLoad.sleep(100);
            }
            String key = "restart-" + UUID.randomUUID();
            String order = "{\"customerId\":\"c-restart\",\"lines\":[{\"productId\":\"" + product
                    + "\",\"quantity\":2}]}";
            HttpResponse<String> first = placeOrder(platform, key, order);
            timeline.note("first answer: %s", describe(first));
            long head = platform.get("/api/events?limit=1").body().path("head").asLong();

            platform.killService();
            platform.launchService();

            HttpResponse<String> retry = placeOrder(platform, key, order);
            timeline.note("retry after the restart: %s", describe(retry));
            expect(failures, retry.statusCode() == first.statusCode(), "status " + retry.statusCode());
            expect(failures, retry.body().equals(first.body()), "body " + retry.body());
            expect(failures, header(retry, "ETag").equals(header(first, "ETag")), "ETag " + header(retry, "ETag"));
            expect(failures, header(retry, "Location").equals(header(first, "Location")),
                    "Location " + header(retry, "Location"));
            expect(failures, header(retry, "Idempotent-Replayed").equals(Optional.of("true")), "not marked replayed");
            long headAfter = platform.get("/api/events?limit=1").body().path("head").asLong();
            expect(failures, headAfter == head, "log head moved from " + head + " to " + headAfter);

            HttpResponse<String> other = placeOrder(platform, key, order.replace("\"quantity\":2", "\"quantity\":3"));
            timeline.note("same key, another body: %d", other.statusCode());
            expect(failures, other.statusCode() == 422, "another body answered " + other.statusCode());
        }
        failures.forEach(f -> System.out.println("FAILED: " + f));
        System.out.println("idempotency across a restart " + (failures.isEmpty() ? "PASSED" : "FAILED"));
        System.exit(failures.isEmpty() ? 0 : 1);
    }

    private static HttpResponse<String> placeOrder(LivePlatform platform, String key, String body)
            throws IOException, InterruptedException {
        return HTTP.send(platform.service().request("/api/orders")
                .header("Content-Type", "application/json").header("Idempotency-Key", key)
                .timeout(Duration.ofSeconds(60)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Optional<String> header(HttpResponse<String> response, String name) {
        return response.headers().firstValue(name);
    }

    private static String describe(HttpResponse<String> r) {
        return r.statusCode() + " " + r.body() + ", ETag " + header(r, "ETag").orElse("-") + ", Location "
                + header(r, "Location").orElse("-") + ", Idempotent-Replayed "
                + header(r, "Idempotent-Replayed").orElse("-");
    }

    private static void expect(List<String> failures, boolean holds, String otherwise) {
        if (!holds) {
            failures.add(otherwise);
        }
    }
}
