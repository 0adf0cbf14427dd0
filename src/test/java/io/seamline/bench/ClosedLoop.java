package io.seamline.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

import static io.seamline.bench.BenchLog.log;

/** N clients, each sending its next command over HTTP when the previous one is answered, for warm-up + duration. */
final class ClosedLoop {

    /** Outcome of a closed-loop phase: completions and latencies inside the measurement window. */
    record Result(String name, long completed, double seconds, Latencies latencies, long errors, long total,
                  String firstError, String cpu, String serviceThreads, Instant windowFrom, Instant windowTo) {
        double throughput() {
            return completed / seconds;
        }
    }

    private ClosedLoop() {
    }

    /** {@code request} makes a client's next command from its number and sequence; 2xx ids go to {@code onCreated}. */
    static Result run(Harness h, String name, int warmup, int measured, BiFunction<Integer, Long, HttpRequest> request,
                      Consumer<String> onCreated) throws InterruptedException {
        log("%s: %d clients, %d s warm-up + %d s", name, h.cfg().clients(), warmup, measured);
        Window window = Window.startingNow(warmup, measured);
        Latencies latencies = new Latencies();
        LongAdder completed = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder total = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        List<Thread> clients = startClients("bench-" + name + "-", h.cfg().clients(), client -> {
            long seq = 0;
            while (!window.over()) {
                HttpRequest req = request.apply(client, seq++);
                long t0 = System.nanoTime();
                try {
                    HttpResponse<String> resp = h.api().send(req);
                    long t1 = System.nanoTime();
                    total.increment();
                    if (resp.statusCode() / 100 == 2) {
                        onCreated.accept(CommandApi.id(resp.body()));
                        if (window.contains(t1)) {
                            completed.increment();
                            latencies.add(t1 - t0);
                        }
                    } else {
                        errors.increment();
                        firstError.compareAndSet(null, resp.statusCode() + " " + resp.body());
                    }
                } catch (IOException e) {
                    errors.increment();
                    firstError.compareAndSet(null, e.toString());
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        long pid = h.services().current().pid();
        Window.sleepUntil(window.from());
        Instant windowFrom = Instant.now();
        CpuMeter.Snapshot c0 = h.cpuNow();
        Map<String, Long> threads0 = CpuMeter.threads(pid);
        Window.sleepUntil(window.to());
        Instant windowTo = Instant.now();
        CpuMeter.Snapshot c1 = h.cpuNow();
        Map<String, Long> threads1 = CpuMeter.threads(pid);
        joinAll(clients);
        Result result = new Result(name, completed.sum(), measured, latencies, errors.sum(),
                total.sum(), firstError.get(), CpuMeter.describe(c0, c1),
                CpuMeter.threadTable(threads0, threads1, (c1.nanos() - c0.nanos()) / 1e9, 12), windowFrom, windowTo);
        log("%s: %.0f commands/s, %s, %d errors%s", name, result.throughput(), latencies.summary(), result.errors(),
                result.firstError() == null ? "" : " (first: " + BenchReport.abbreviate(result.firstError(), 200) + ")");
        return result;
    }

    /** One platform thread per client, named {@code prefix} and its number. */
    static List<Thread> startClients(String prefix, int count, IntConsumer client) {
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            int n = c;
            clients.add(Thread.ofPlatform().name(prefix + c).start(() -> client.accept(n)));
        }
        return clients;
    }

    static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread t : threads) {
            t.join();
        }
    }
}
