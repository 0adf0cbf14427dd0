package io.seamline.bench;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

import static io.seamline.bench.BenchLog.log;

/** Commands issued open loop at a fixed rate, each watched by a {@link VisibilityPoller} from its commit. */
final class PacedRun {

    /** An open-loop rate with its warm-up and measured seconds. */
    record Pace(int rate, int warmupSeconds, int durationSeconds) {
    }

    /** Outcome of a paced run: commit-to-visible lag and the command latency, both inside the window. */
    record Result(String name, Latencies lag, Latencies commandLatency, long accepted, long errors, long skipped,
                  long notVisible, double censoredFloorMs, double seconds, String firstError, String cpu,
                  String stages) {
        double achievedRate() {
            return accepted / seconds;
        }

        /** A lag figure; "≥" when it comes from commands never seen, which count at the time waited for them. */
        String lagMs(double v) {
            return notVisible > 0 && v >= censoredFloorMs ? "≥ " + BenchReport.ms(v) : BenchReport.ms(v);
        }
    }

    /** What a paced tick reports back: committed (with the id and version to watch for) or failed. */
    interface Completion {
        void committed(long committedAtNanos, String id, long version, Runnable onVisible);

        void failed(String error);
    }

    /** Issues one command of a paced run, asynchronously; must call the completion exactly once. */
    @FunctionalInterface
    interface Tick {
        void issue(long i, Completion done) throws Exception;
    }

    /** Open loop: a tick that finds this many commands in flight is dropped, and counted. */
    private static final int MAX_IN_FLIGHT = 256;

    private PacedRun() {
    }

    /** {@code stages} describes, once all is visible, which stage of the pipeline fell behind. */
    static Result run(Harness h, String name, Pace pace, VisibilityPoller poller, Supplier<String> stages, Tick tick)
            throws Exception {
        long period = TimeUnit.SECONDS.toNanos(1) / pace.rate();
        Window window = Window.startingNow(pace.warmupSeconds(), pace.durationSeconds());
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        Latencies commandLatency = new Latencies();
        LongAdder accepted = new LongAdder();
        LongAdder errors = new LongAdder();
        LongAdder skipped = new LongAdder();
        AtomicReference<String> firstError = new AtomicReference<>();
        poller.start();
        CpuMeter.Snapshot c0 = null;
        for (long i = 0; ; i++) {
            long intended = window.start() + i * period;
            if (intended >= window.to()) {
                break;
            }
            Window.sleepUntil(intended);
            boolean inWindow = intended >= window.from();
            if (inWindow && c0 == null) {
                c0 = h.cpuNow();
            }
            if (!inFlight.tryAcquire()) {
                if (inWindow) {
                    skipped.increment();
                }
                continue;
            }
            tick.issue(i, new Completion() {
                @Override
                public void committed(long at, String id, long version, Runnable onVisible) {
                    inFlight.release();
                    if (inWindow) {
                        accepted.increment();
                        commandLatency.add(at - intended); // from the intended send: no coordinated omission
                    }
                    poller.expect(id, version, at, inWindow, onVisible);
                }

                @Override
                public void failed(String error) {
                    inFlight.release();
                    errors.increment();
                    firstError.compareAndSet(null, error);
                }
            });
        }
        CpuMeter.Snapshot c1 = h.cpuNow();
        inFlight.tryAcquire(MAX_IN_FLIGHT, 60, TimeUnit.SECONDS);
        long notVisible = poller.drain(Duration.ofSeconds(15));
        String stageLag = stages.get();
        Result result = new Result(name + " at " + pace.rate() + "/s", poller.lag(), commandLatency, accepted.sum(),
                errors.sum(), skipped.sum(), notVisible, poller.censoredFloorMs(), pace.durationSeconds(),
                firstError.get(), CpuMeter.describe(c0, c1), stageLag);
        log("lag %s: %s", result.name(), stageLag);
        log("lag %s: %.0f/s accepted, commit->visible %s, command %s, %d errors, %d skipped, %d not visible",
                result.name(), result.achievedRate(), result.lag().summary(), commandLatency.summary(), result.errors(),
                result.skipped(), notVisible);
        return result;
    }
}
