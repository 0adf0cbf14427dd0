package io.seamline.seamcheck;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Clients creating and then updating products as fast as the service answers, keeping every command the service
 * acknowledged: what must survive whatever breaks during the burst. A refused or unanswered command is not
 * acknowledged (the client would retry it), so it is not counted.
 */
public final class Burst implements AutoCloseable {

    private final LivePlatform platform;
    private final ExecutorService clients;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** Product id -> the highest version the service acknowledged for it. */
    private final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
    private final AtomicLong unanswered = new AtomicLong();

    private Burst(LivePlatform platform, int clientCount) {
        this.platform = platform;
        this.clients = Executors.newFixedThreadPool(clientCount);
        for (int i = 0; i < clientCount; i++) {
            clients.submit(this::client);
        }
    }

    public static Burst start(LivePlatform platform, int clients) {
        return new Burst(platform, clients);
    }

    private void client() {
        String me = UUID.randomUUID().toString().substring(0, 8);
        int n = 0;
        while (running.get()) {
            try {
                String id = CanaryLoad.createProduct(platform, "BURST-" + me + "-" + n, "Burst lamp " + me + " " + n,
                        "A desk lamp written during a burst", "Home > Lighting", "19.90");
                acknowledged.put(id, 0L);
                LivePlatform.Answer update = platform.patch("/api/products/" + id,
                        Map.of("description", "Updated during the burst"));
                if (update.ok()) {
                    acknowledged.merge(id, update.body().path("aggregateVersion").asLong(), Math::max);
                }
            } catch (RuntimeException notAcknowledged) {
                unanswered.incrementAndGet();
                CanaryLoad.sleep(100); // the service is down or restarting: don't spin
            }
            n++;
        }
    }

    /** Stops the clients after their command in hand; returns what was acknowledged. */
    public Map<String, Long> stop() {
        running.set(false);
        clients.shutdown();
        try {
            clients.awaitTermination(150, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Map.copyOf(acknowledged);
    }

    public int acknowledgedSoFar() {
        return acknowledged.size();
    }

    public long unanswered() {
        return unanswered.get();
    }

    @Override
    public void close() {
        stop();
    }
}
