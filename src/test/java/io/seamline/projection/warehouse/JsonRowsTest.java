package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ColumnTypes;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every Arrow type of the warehouse schemas becomes the JSON-friendly value its readers expect. */
class JsonRowsTest {

    private static final Schema SCHEMA = new Schema(List.of(
            ColumnTypes.text("title"), ColumnTypes.int32("quantity"), ColumnTypes.int64("sequence"),
            ColumnTypes.money("price"), ColumnTypes.timestamp("placed_at"),
            ColumnTypes.date("order_date"), ColumnTypes.bool("discontinued"),
            ColumnTypes.nullable(ColumnTypes.text("category"))));

    @Test
    void row_eachTypeAsItsJsonValue_inColumnOrder() {
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot batch = VectorSchemaRoot.create(SCHEMA, allocator)) {
            batch.allocateNew();
            ((VarCharVector) batch.getVector("title")).setSafe(0, "Kettle ☕".getBytes(StandardCharsets.UTF_8));
            ((IntVector) batch.getVector("quantity")).setSafe(0, 3);
            ((BigIntVector) batch.getVector("sequence")).setSafe(0, 5_000_000_000L);
            ((DecimalVector) batch.getVector("price")).setSafe(0, new BigDecimal("19.90"));
            ((TimeStampMicroTZVector) batch.getVector("placed_at")).setSafe(0,
                    ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse("2026-11-23T10:15:30.123456Z")));
            ((DateDayVector) batch.getVector("order_date")).setSafe(0,
                    (int) LocalDate.parse("2026-11-23").toEpochDay());
            ((BitVector) batch.getVector("discontinued")).setSafe(0, 1);
            ((VarCharVector) batch.getVector("category")).setNull(0);
            batch.setRowCount(1);

            Map<String, Object> row = JsonRows.row(batch, 0);

            assertEquals(List.of("title", "quantity", "sequence", "price", "placed_at", "order_date", "discontinued",
                    "category"), new ArrayList<>(row.keySet()));
            assertEquals(Arrays.asList("Kettle ☕", 3, 5_000_000_000L, new BigDecimal("19.90"),
                    "2026-11-23T10:15:30.123456Z", "2026-11-23", true, null), new ArrayList<>(row.values()));
        }
    }
}
