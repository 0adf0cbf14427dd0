package io.seamline.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongFunction;

import static io.seamline.bench.BenchLog.log;
import static org.awaitility.Awaitility.await;

/**
 * Commands sent over HTTP open loop: command n is due n/rate seconds after the start whatever the answers do, with at
 * most {@link #MAX_IN_FLIGHT} unanswered (a due command waits for a free slot, so a saturated service shows as an
 * achieved rate below the target rather than as an ever-growing queue in the harness).
 */
final class OpenLoop {

    static final int MAX_IN_FLIGHT = 256;

    /** What was sent and answered; the window runs from the first command to the last answer. */
    record Outcome(long issued, long acknowledged, long refused, double issuedSeconds, double windowSeconds,
                   String firstRefusal) {
        double achievedRate() {
            return acknowledged / windowSeconds;
        }
    }

    private OpenLoop() {
    }

    /**
     * Sends {@code command.apply(n)} for n = 0, 1, ... at {@code rate}/s for {@code seconds}; each 2xx answer goes to
     * {@code acknowledged} (on the HTTP client's threads) with its request. Returns once every command is answered.
     */
    static Outcome run(HttpClient http, int rate, int seconds, LongFunction<HttpRequest> command,
                       BiConsumer<HttpRequest, HttpResponse<String>> acknowledged) throws InterruptedException {
        AtomicLong acks = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        AtomicReference<String> firstRefusal = new AtomicReference<>();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        ScheduledExecutorService pacer = Executors.newSingleThreadScheduledExecutor();
        long total = (long) rate * seconds;
        AtomicLong issued = new AtomicLong();
        long started = System.nanoTime();
        pacer.scheduleAtFixedRate(() -> {
            long due = Math.min(total, (System.nanoTime() - started) * rate / 1_000_000_000L);
            while (issued.get() < due && inFlight.tryAcquire()) {
                HttpRequest request = command.apply(issued.getAndIncrement());
                http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                    inFlight.release();
                    if (e == null && r.statusCode() / 100 == 2) {
                        acks.incrementAndGet();
                        acknowledged.accept(request, r);
                    } else {
                        refused.incrementAndGet();
                        firstRefusal.compareAndSet(null, e != null ? e.toString()
                                : request.method() + " " + request.uri().getPath() + " → " + r.statusCode() + " "
                                + BenchReport.abbreviate(r.body(), 200));
                    }
                });
            }
        }, 0, 1, TimeUnit.MILLISECONDS);
        // the pacer issues; this thread waits until it has issued them all or the window is over
        await().atMost(Duration.ofSeconds(seconds + 1)).pollInterval(Duration.ofMillis(200)).until(() ->
                issued.get() >= total || System.nanoTime() - started >= Duration.ofSeconds(seconds).toNanos());
        double issuedSeconds = (System.nanoTime() - started) / 1e9;
        pacer.shutdownNow();
        await().forever().pollInterval(Duration.ofMillis(50))
                .until(() -> inFlight.availablePermits() == MAX_IN_FLIGHT);
        double window = (System.nanoTime() - started) / 1e9;
        log("%d commands issued in %.1f s, %d acknowledged, %d refused or failed", issued.get(), issuedSeconds,
                acks.get(), refused.get());
        return new Outcome(issued.get(), acks.get(), refused.get(), issuedSeconds, window, firstRefusal.get());
    }
}
