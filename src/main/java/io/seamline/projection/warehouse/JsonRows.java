package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.RowMapping;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Warehouse rows as maps a JSON writer renders without Arrow knowledge: text as strings, integers as numbers,
 * money as exact decimals, UTC timestamps as ISO instants, days as ISO dates, nulls as null.
 */
public final class JsonRows {

    private JsonRows() {
    }

    /** Row {@code index} of {@code batch}, its columns in the batch's order. */
    public static Map<String, Object> row(VectorSchemaRoot batch, int index) {
        Map<String, Object> row = new LinkedHashMap<>();
        for (FieldVector vector : batch.getFieldVectors()) {
            row.put(vector.getName(), vector.isNull(index) ? null : value(vector, index));
        }
        return row;
    }

    private static Object value(FieldVector vector, int index) {
        return switch (vector) {
            case VarCharVector v -> new String(v.get(index), StandardCharsets.UTF_8);
            case IntVector v -> v.get(index);
            case BigIntVector v -> v.get(index);
            case DecimalVector v -> v.getObject(index);
            case TimeStampMicroTZVector v -> RowMapping.instant(v.get(index)).toString();
            case DateDayVector v -> LocalDate.ofEpochDay(v.get(index)).toString();
            case BitVector v -> v.get(index) == 1;
            // ColumnTypes has only the types above; a new one needs its JSON form decided here first.
            default -> throw new IllegalStateException("column " + vector.getName() + " has type "
                    + vector.getField().getType() + ", which has no JSON form yet");
        };
    }
}
