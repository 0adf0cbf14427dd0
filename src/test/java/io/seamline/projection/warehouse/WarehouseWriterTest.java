package io.seamline.projection.warehouse;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.GoldRows;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.Silver;
import io.seamline.projection.warehouse.sql.SqlLimits;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.ArrowColumnReader;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import io.seamline.support.Directories;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

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

    @Test
    void anEventThatFailsToFold_failsTheWriteUntilGivenUp_thenIsQuarantinedAndSkippedByEveryLaterLoad()
            throws Exception {
        ConsumerRecord<String, byte[]> created = record(0, 0, "p-9", 0, 1,
                new ProductCreatedEvent("p-9", "K-9", "Kettle", null, "Kitchen", PRICE, Map.of()));
        ConsumerRecord<String, byte[]> poison = record(0, 1, "p-9", 1, 2,
                new ProductUpdatedEvent("p-9", "Kettle II", null, null, null, null));
        ConsumerRecord<String, byte[]> other = record(1, 0, "p-8", 0, 3,
                new ProductCreatedEvent("p-8", "K-8", "Mug", null, "Kitchen", PRICE, Map.of()));
        List<String> told = new ArrayList<>();
        AtomicInteger tries = new AtomicInteger();
        FoldPolicy giveUpOnTheThird = new FoldPolicy() {
            @Override
            public void beforeFold(BronzeEvent event) {
                if (event.eventId().equals("e-2")) {
                    throw new IllegalStateException("cannot fold e-2");
                }
            }

            @Override
            public boolean giveUp(BronzeEvent event, RuntimeException cause) {
                return tries.incrementAndGet() >= 3;
            }
        };
        WarehouseWriter first = open(told, giveUpOnTheThird);
        first.write(List.of(created), Set.of());
        first.flush();

        assertThatThrownBy(() -> first.write(List.of(poison, other), Set.of())).hasMessageContaining("cannot fold e-2");
        // the pipeline starts again from the files: the next load folds bronze again, and fails again
        assertThatThrownBy(() -> open(told, giveUpOnTheThird)).hasMessageContaining("cannot fold e-2");
        WarehouseWriter third = open(told, giveUpOnTheThird);

        assertEquals(3, tries.get());
        assertThat(told).singleElement().asString()
                .isEqualTo("events/0@1 p-9: could not be folded into silver: java.lang.IllegalStateException: "
                        + "cannot fold e-2");
        Silver silver = third.refinery().silver();
        assertThat(silver.product("p-9").title()).as("the given-up update is not applied").isEqualTo("Kettle");
        assertThat(silver.product("p-8")).as("the event beside it is").isNotNull();
        WarehouseTables tables = WarehouseTables.open(dir, Clock.systemUTC());
        assertThat(tables.get("silver.products").current().watermark().sourceVersion())
                .isEqualTo(tables.bronzeEvents().current().version());
        assertThat(tables.quarantine().current().rows()).isEqualTo(1);

        // from now on it is skipped: a rebuilt silver (its tables gone) folds bronze without meeting it
        for (String table : List.of("silver/products", "silver/orders", "silver/order_lines", "gold/fact_sales",
                "gold/daily_revenue")) {
            Directories.deleteRecursively(dir.resolve(table));
        }
        WarehouseWriter rebuilt = open(told, giveUpOnTheThird);
        assertThat(rebuilt.refinery().silver().product("p-9").sequence()).isZero();
        assertEquals(3, tries.get(), "the policy is not asked again");
    }

    @Test
    void aDailyRevenueTableOfThePreviousBuild_isReadAsItWas_andRewrittenInTheWiderTypeByTheNextCommit()
            throws Exception {
        List<String> told = new ArrayList<>();
        WarehouseWriter writer = open(told, FoldPolicy.NEVER);
        writer.write(List.of(
                record(0, 0, "p-1", 0, 1, new ProductCreatedEvent("p-1", "K-1", "Kettle", null, "Kitchen", PRICE,
                        Map.of())),
                record(0, 1, "o-1", 0, 2, new OrderPlacedEvent("o-1", "c-1",
                        List.of(new OrderLine("p-1", "Kettle", 3, PRICE)), Money.of("15.00", "EUR"), T))), Set.of());
        writer.flush();
        List<DailyRevenue> view = writer.refinery().gold().dailyRevenue();
        ArrowTable revenue = WarehouseTables.open(dir, Clock.systemUTC()).get("gold.daily_revenue");
        replaceWithPreviousSchema(revenue, view);

        WarehouseTables reopened = WarehouseTables.open(dir, Clock.systemUTC());
        WarehouseWriter restarted = open(told, FoldPolicy.NEVER); // loading gold from the old file must not fail
        assertThat(restarted.refinery().gold().dailyRevenue()).isEqualTo(view);
        WarehouseSql.Result sql = new WarehouseSql(reopened, allocator, SqlLimits.defaults(dir.resolve("sql-temp")))
                .run("select gross_revenue, net_revenue, orders from gold_daily_revenue", null, 10);
        assertThat(sql.rows()).singleElement().satisfies(row -> {
            assertThat((BigDecimal) row.get(0)).isEqualByComparingTo("15.00");
            assertThat((BigDecimal) row.get(1)).isEqualByComparingTo("15.00");
        });

        restarted.write(List.of(record(0, 2, "o-2", 0, 3, new OrderPlacedEvent("o-2", "c-2",
                List.of(new OrderLine("p-1", "Kettle", 1, PRICE)), PRICE, T))), Set.of());
        restarted.flush();
        ArrowTable rewritten = WarehouseTables.open(dir, Clock.systemUTC()).get("gold.daily_revenue");
        assertThat(fileSchema(rewritten)).isEqualTo(GoldSchemas.DAILY_REVENUE);
        assertThat(restarted.refinery().gold().dailyRevenue()).singleElement()
                .satisfies(row -> assertThat(row.grossRevenue()).isEqualByComparingTo("20.00"));
    }

    /** Commits the view's rows again in the file format the previous build wrote: its sums as DECIMAL(18,2). */
    private void replaceWithPreviousSchema(ArrowTable revenue, List<DailyRevenue> rows) throws Exception {
        Schema previous = new Schema(GoldSchemas.DAILY_REVENUE.getFields().stream()
                .map(f -> f.getName().endsWith("_revenue")
                        ? new Field(f.getName(), FieldType.notNullable(new ArrowType.Decimal(18, 2, 128)), null) : f)
                .toList());
        ArrowTable asBefore = ArrowTable.open(revenue.dir(), revenue.name(), previous, Clock.systemUTC());
        DataFile file;
        try (DataFileWriter out = asBefore.newFile("", allocator);
             VectorSchemaRoot current = GoldRows.DAILY_REVENUE.toRoot(rows, allocator)) {
            // the same values, column by column, into the old types
            for (int c = 0; c < previous.getFields().size(); c++) {
                current.getVector(c).makeTransferPair(out.root().getVector(c)).transfer();
            }
            out.root().setRowCount(current.getRowCount());
            out.writeBatch();
            file = out.finish();
        }
        asBefore.commit(TableManifest.Operation.REPLACE, List.of(file),
                asBefore.current().files().stream().map(DataFile::path).toList(), asBefore.current().watermark());
        assertThat(fileSchema(WarehouseTables.open(dir, Clock.systemUTC()).get("gold.daily_revenue")))
                .isEqualTo(previous);
    }

    private Schema fileSchema(ArrowTable table) throws Exception {
        try (ArrowColumnReader reader = ArrowColumnReader.open(
                table.dir().resolve(table.current().files().getFirst().path()), allocator)) {
            return reader.schema();
        }
    }

    private WarehouseWriter open(List<String> told, FoldPolicy policy) throws Exception {
        return WarehouseWriter.open(WarehouseTables.open(dir, Clock.systemUTC()), allocator, Clock.systemUTC(),
                stage -> { }, "events", (record, reason) -> told.add(record.topic() + "/" + record.partition() + "@"
                        + record.offset() + " " + record.key() + ": " + reason), policy);
    }

    static ConsumerRecord<String, byte[]> record(int partition, long offset, String aggregateId,
                                                 long sequence, long globalIndex, Object event) throws Exception {
        Class<?> type = event.getClass();
        EventEnvelope envelope = new EventEnvelope("e-" + globalIndex, EventTypes.typeName(type),
                EventTypes.version(type), EventTypes.aggregateType(type), aggregateId, sequence, globalIndex,
                T.plusSeconds(globalIndex), null, EventJson.mapper().valueToTree(event));
        return new ConsumerRecord<>("t", partition, offset, aggregateId, EventJson.mapper().writeValueAsBytes(envelope));
    }
}
