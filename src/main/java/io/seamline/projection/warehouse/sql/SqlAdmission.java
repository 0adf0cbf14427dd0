package io.seamline.projection.warehouse.sql;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets at most {@code capacity} SQL statements run at once and turns the next one away at once with
 * {@link SqlBusy}, rather than queueing it behind statements that may run for their whole timeout. The refusal says
 * when to retry: when the oldest running statement reaches its timeout, the latest moment a slot is free again.
 */
public final class SqlAdmission {

    private final int capacity;
    private final Duration timeout;
    private final Semaphore free;
    private final Set<Slot> running = ConcurrentHashMap.newKeySet();

    public SqlAdmission(int capacity, Duration timeout) {
        this.capacity = capacity;
        this.timeout = timeout;
        this.free = new Semaphore(capacity);
    }

    public int capacity() {
        return capacity;
    }

    /** Takes a slot for one statement, to be closed when it ends; throws {@link SqlBusy} when none is free. */
    public Slot enter() {
        if (!free.tryAcquire()) {
            throw new SqlBusy(capacity, retryAfter());
        }
        Slot slot = new Slot(System.nanoTime() + timeout.toNanos());
        running.add(slot);
        return slot;
    }

    private Duration retryAfter() {
        long now = System.nanoTime();
        long soonest = running.stream().mapToLong(slot -> slot.endNanos - now).min().orElse(0);
        return Duration.ofSeconds(Math.max(1, (soonest + 999_999_999L) / 1_000_000_000L));
    }

    /** One running statement's place; closing it (once is enough, more is harmless) frees the place. */
    public final class Slot implements AutoCloseable {

        private final long endNanos;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Slot(long endNanos) {
            this.endNanos = endNanos;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                running.remove(this);
                free.release();
            }
        }
    }
}
