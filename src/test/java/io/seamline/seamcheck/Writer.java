package io.seamline.seamcheck;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** A steady trickle of product updates, so the log's head keeps moving while a consumer is broken. */
final class Writer implements AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong written = new AtomicLong();

    private Writer(LivePlatform platform, int perSecond) {
        String id = CanaryLoad.createProduct(platform, "TRICKLE-" + UUID.randomUUID(), "Trickle notebook",
                "A notebook updated while a seam is broken", "Office > Paper", "3.50");
        timer.scheduleAtFixedRate(() -> {
            try {
                if (platform.patch("/api/products/" + id, Map.of("description", "Revision " + written.get())).ok()) {
                    written.incrementAndGet();
                }
            } catch (RuntimeException e) {
                // the next tick tries again
            }
        }, 0, 1000 / perSecond, TimeUnit.MILLISECONDS);
    }

    static Writer start(LivePlatform platform, int perSecond) {
        return new Writer(platform, perSecond);
    }

    long written() {
        return written.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
