package io.seamline.projection.warehouse;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.EventEnvelope;
import io.seamline.seam.EventTypes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The warehouse folds the log in global order even when Kafka delivers one partition ahead of another, and moves
 * past a refused record only once the seam's quarantine has it.
 */
class WarehouseWriterTest {

    private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");
    private static final Money PRICE = Money.of("5.00", "EUR");

    @TempDir
    Path dir;
    private final BufferAllocator allocator = new RootAllocator();

    @AfterEach
    void noLeaks() {
        assertThat(allocator.getAllocatedMemory()).isZero();
        allocator.close();
    }

    @Test
    void anOrderReadBeforeItsProductWaitsForItAndKeepsTheCategoryItHadWhenOrdered() throws Exception {
        WarehouseTables tables = WarehouseTables.open(dir, Clock.systemUTC());
        WarehouseWriter writer = WarehouseWriter.open(tables, allocator, Clock.systemUTC(), stage -> { },
                (record, reason) -> { });
        ConsumerRecord<String, byte[]> created = record(1, 0, "p-1", 0, 1,
                new ProductCreatedEvent("p-1", "K-1", "Kettle", null, "Kitchen", PRICE, Map.of()));
        ConsumerRecord<String, byte[]> ordered = record(0, 0, "o-1", 0, 2, new OrderPlacedEvent("o-1", "c-1",
                List.of(new OrderLine("p-1", "Kettle", 1, PRICE)), PRICE, T));
        ConsumerRecord<String, byte[]> recategorised = record(1, 1, "p-1", 1, 3,
                new ProductUpdatedEvent("p-1", null, null, "Appliances", null, null));

        writer.write(List.of(ordered), Set.of(1)); // partition 1 still holds earlier events: the order waits
        writer.flush();
        assertThat(tables.get("silver.order_lines").current().rows()).isZero();
        assertThat(tables.get("silver.order_lines").current().watermark().sourceVersion())
                .as("silver does not claim the bronze version whose event waits").isZero();

        writer.write(List.of(created, recategorised), Set.of());
        writer.flush();
        Silver silver = writer.refinery().silver();
        assertThat(silver.lines("o-1")).singleElement()
                .satisfies(line -> assertThat(line.category()).isEqualTo("Kitchen"));
        assertThat(silver.product("p-1").category()).isEqualTo("Appliances");
        assertThat(tables.get("silver.order_lines").current().watermark().sourceVersion())
                .isEqualTo(tables.bronzeEvents().current().version());
    }

    @Test
    void aWaitingEventIsFoldedOnceThePartitionItWaitedForTurnsOutCaughtUp() throws Exception {
        WarehouseTables tables = WarehouseTables.open(dir, Clock.systemUTC());
        WarehouseWriter writer = WarehouseWriter.open(tables, allocator, Clock.systemUTC(), stage -> { },
                (record, reason) -> { });
        writer.write(List.of(record(0, 0, "p-2", 0, 1,
                new ProductCreatedEvent("p-2", "K-2", "Mug", null, "Kitchen", PRICE, Map.of()))), Set.of(1));
        assertThat(writer.refinery().silver().product("p-2")).isNull();

        writer.release(Set.of()); // partition 1 delivered nothing after all
        writer.flush();
        assertThat(writer.refinery().silver().product("p-2").category()).isEqualTo("Kitchen");
        assertThat(tables.get("silver.products").current().rows()).isEqualTo(1);
    }

    @Test
    void aRefusalTheSeamCannotTake_landsNothing_andIsReportedWhenTheRecordsComeAgain() throws Exception {
        ConsumerRecord<String, byte[]> poison = new ConsumerRecord<>("t", 0, 0, "p-3",
                "not an envelope".getBytes(StandardCharsets.UTF_8));
        List<ConsumerRecord<String, byte[]>> batch = List.of(poison, record(0, 1, "p-3", 0, 1,
                new ProductCreatedEvent("p-3", "K-3", "Jug", null, "Kitchen", PRICE, Map.of())));
        WarehouseTables tables = WarehouseTables.open(dir, Clock.systemUTC());
        WarehouseWriter failing = WarehouseWriter.open(tables, allocator, Clock.systemUTC(), stage -> { },
                (record, reason) -> {
                    throw new IllegalStateException("quarantine unreachable");
                });

        assertThatThrownBy(() -> failing.write(batch, Set.of())).hasMessage("quarantine unreachable");
        assertThat(failing.resumeOffsets()).as("bronze did not move past the refused record").isEmpty();
        assertThat(tables.quarantine().current().rows()).isZero();

        List<String> told = new ArrayList<>();
        WarehouseWriter retry = WarehouseWriter.open(WarehouseTables.open(dir, Clock.systemUTC()), allocator,
                Clock.systemUTC(), stage -> { }, (record, reason) -> told.add(record.offset() + " " + reason));
        retry.write(batch, Set.of());
        assertThat(told).singleElement().asString().startsWith("0 not an event envelope");
        assertEquals(Map.of(0, 2L), retry.resumeOffsets());
    }

    private static ConsumerRecord<String, byte[]> record(int partition, long offset, String aggregateId,
                                                         long sequence, long globalIndex, Object event) throws Exception {
        Class<?> type = event.getClass();
        EventEnvelope envelope = new EventEnvelope("e-" + globalIndex, EventTypes.typeName(type),
                EventTypes.version(type), EventTypes.aggregateType(type), aggregateId, sequence, globalIndex,
                T.plusSeconds(globalIndex), null, EventJson.mapper().valueToTree(event));
        return new ConsumerRecord<>("t", partition, offset, aggregateId, EventJson.mapper().writeValueAsBytes(envelope));
    }
}
