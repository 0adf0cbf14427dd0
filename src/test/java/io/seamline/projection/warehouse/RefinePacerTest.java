package io.seamline.projection.warehouse;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Silver and gold commit at a rate the settings bound, not the traffic: a burst of small batches lands each in bronze
 * but commits silver and gold at most once per minimum interval, and nothing folded is left out of the next commit.
 */
class RefinePacerTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final Money PRICE = Money.of("5.00", "EUR");
    private static final Duration MINIMUM = Duration.ofMillis(200);
    private static final Duration CATCHING_UP = Duration.ofSeconds(1);

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    @AfterEach
    void noLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void aBurstOfSmallBatchesCommitsSilverAndGoldAtMostOncePerMinimumInterval() throws Exception {
        WarehouseTables tables = WarehouseTables.open(dir, Clock.systemUTC());
        WarehouseWriter writer = WarehouseWriter.open(tables, allocator, Clock.systemUTC(), stage -> { },
                (record, reason) -> { });
        RefinePacer pacer = new RefinePacer(MINIMUM, CATCHING_UP, nanos::get);
        writer.write(List.of(WarehouseWriterTest.record(0, 0, "p-1", 0, 1,
                new ProductCreatedEvent("p-1", "K-1", "Kettle", null, "Kitchen", PRICE, Map.of()))), Set.of());
        long silverBefore = tables.get("silver.orders").current().version();
        long goldBefore = tables.get("gold.daily_revenue").current().version();

        int batches = 100; // one order every 10 ms for a second, each its own batch, as the live pipeline lands them
        for (int i = 0; i < batches; i++) {
            nanos.addAndGet(Duration.ofMillis(10).toNanos());
            writer.write(List.of(WarehouseWriterTest.record(0, i + 1, "o-" + i, 0, i + 2, new OrderPlacedEvent(
                    "o-" + i, "c-1", List.of(new OrderLine("p-1", "Kettle", 1, PRICE)), PRICE, T))), Set.of());
            if (pacer.due(true)) {
                writer.flush();
                pacer.committed();
            }
        }

        long bound = Duration.ofMillis(10L * batches).dividedBy(MINIMUM) + 1;
        assertThat(tables.bronzeEvents().current().version()).isEqualTo(batches + 1); // bronze: one commit a batch
        assertThat(tables.get("silver.orders").current().version() - silverBefore).isBetween(1L, bound);
        assertThat(tables.get("gold.daily_revenue").current().version() - goldBefore).isBetween(1L, bound);
        assertThat(writer.dirty()).as("the last orders wait for the next commit").isTrue();
        assertThat(pacer.due(true)).isFalse();

        nanos.addAndGet(MINIMUM.toNanos()); // the topic goes quiet: the next idle call may commit
        assertThat(pacer.due(true)).isTrue();
        writer.flush();
        assertThat(tables.get("silver.orders").current().rows()).isEqualTo(batches);
        assertThat(tables.get("silver.orders").current().watermark().sourceVersion())
                .isEqualTo(tables.bronzeEvents().current().version());
    }

    @Test
    void whileCatchingUpSilverAndGoldWaitForTheRefineIntervalAndTheFirstCommitWaitsForNothing() {
        RefinePacer pacer = new RefinePacer(MINIMUM, CATCHING_UP, nanos::get);
        assertThat(pacer.due(false)).isTrue();
        pacer.committed();
        nanos.addAndGet(MINIMUM.toNanos());
        assertThat(pacer.due(false)).as("full batches: catching up").isFalse();
        assertThat(pacer.due(true)).isTrue();
        nanos.addAndGet(CATCHING_UP.minus(MINIMUM).toNanos());
        assertThat(pacer.due(false)).isTrue();
    }
}
