package io.seamline.projection.warehouse.table;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How the rows of one warehouse table map to and from Arrow: its schema, a getter and Arrow kind per column, and a
 * factory that builds a row back. Money is DECIMAL(18,2), sums of it DECIMAL(38,2), times UTC microseconds, days DATE
 * (see {@link ColumnTypes}); each layer declares its tables' mappings with the column builders below.
 */
public final class RowMapping<T> {

    private final Schema schema;
    private final List<Column<T>> columns;
    private final Function<Row, T> factory;

    public RowMapping(Schema schema, List<Column<T>> columns, Function<Row, T> factory) {
        // checked once at class load, so a schema edit that the mapping misses fails every test at once
        if (columns.size() != schema.getFields().size()) {
            throw new IllegalStateException("mapping has " + columns.size() + " columns, schema has "
                    + schema.getFields().size() + ": " + schema);
        }
        for (int i = 0; i < columns.size(); i++) {
            Field field = schema.getFields().get(i);
            if (!columns.get(i).kind().matches(field.getType())) {
                throw new IllegalStateException("column " + field.getName() + " is " + field.getType()
                        + ", mapped as " + columns.get(i).kind());
            }
        }
        this.schema = schema;
        this.columns = columns;
        this.factory = factory;
    }

    public Schema schema() {
        return schema;
    }

    /** A new root holding {@code rows}; the caller closes it. */
    public VectorSchemaRoot toRoot(List<T> rows, BufferAllocator allocator) {
        VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
        try {
            write(rows, root);
            return root;
        } catch (RuntimeException e) {
            root.close();
            throw e;
        }
    }

    /** Replaces the content of {@code root}, which must have this table's schema, with {@code rows}. */
    public void write(List<T> rows, VectorSchemaRoot root) {
        // new files are written in the current schema only
        if (!schema.equals(root.getSchema())) {
            throw new IllegalArgumentException("expected schema " + schema + ", got " + root.getSchema());
        }
        root.clear();
        for (FieldVector vector : root.getFieldVectors()) {
            vector.setInitialCapacity(rows.size());
            vector.allocateNew();
        }
        for (int c = 0; c < columns.size(); c++) {
            Column<T> column = columns.get(c);
            FieldVector vector = root.getVector(c);
            for (int r = 0; r < rows.size(); r++) {
                Object value = column.getter().apply(rows.get(r));
                if (value == null) {
                    if (!vector.getField().isNullable()) {
                        throw new IllegalArgumentException(vector.getName() + " is required, row " + r
                                + " has null: " + rows.get(r));
                    }
                    column.kind().setNull(vector, r);
                } else {
                    column.kind().set(vector, r, value);
                }
            }
            vector.setValueCount(rows.size());
        }
        root.setRowCount(rows.size());
    }

    /** The rows of one batch. */
    public List<T> read(VectorSchemaRoot root) {
        requireSchema(root);
        Row reader = new Row(root);
        List<T> rows = new ArrayList<>(root.getRowCount());
        for (reader.row = 0; reader.row < root.getRowCount(); reader.row++) {
            rows.add(factory.apply(reader));
        }
        return rows;
    }

    /** The rows of several batches, in order. */
    public List<T> read(Iterable<VectorSchemaRoot> roots) {
        List<T> rows = new ArrayList<>();
        for (VectorSchemaRoot root : roots) {
            rows.addAll(read(root));
        }
        return rows;
    }

    /** Every row a reader (an Arrow IPC file or stream) has left; the caller closes the reader. */
    public List<T> read(ArrowReader reader) throws IOException {
        List<T> rows = new ArrayList<>();
        while (reader.loadNextBatch()) {
            rows.addAll(read(reader.getVectorSchemaRoot()));
        }
        return rows;
    }

    private void requireSchema(VectorSchemaRoot root) {
        // readers check the format they are given rather than misread a column; an older file whose decimals
        // were narrower reads as it is (see ColumnTypes.readsAs)
        if (!ColumnTypes.readsAs(root.getSchema(), schema)) {
            throw new IllegalArgumentException("expected schema " + schema + ", got " + root.getSchema());
        }
    }

    /** A stored timestamp (microseconds since the epoch, UTC) as an instant. */
    public static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** A column of a table: how a row gives its value, and the Arrow kind it is stored as. */
    public static final class Column<T> {
        private final Kind kind;
        private final Function<T, ?> getter;

        private Column(Kind kind, Function<T, ?> getter) {
            this.kind = kind;
            this.getter = getter;
        }

        Kind kind() {
            return kind;
        }

        Function<T, ?> getter() {
            return getter;
        }
    }

    /** The value kinds the warehouse uses, each with its one Arrow type. */
    private enum Kind {
        TEXT {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Utf8;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((VarCharVector) vector).setSafe(index, ((String) value).getBytes(StandardCharsets.UTF_8));
            }
        },
        INT32 {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Int i && i.getBitWidth() == 32 && i.getIsSigned();
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((IntVector) vector).setSafe(index, (Integer) value);
            }
        },
        INT64 {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Int i && i.getBitWidth() == 64 && i.getIsSigned();
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((BigIntVector) vector).setSafe(index, (Long) value);
            }
        },
        BOOL {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Bool;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((BitVector) vector).setSafe(index, (Boolean) value ? 1 : 0);
            }
        },
        TIME {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Timestamp t && t.getUnit() == TimeUnit.MICROSECOND
                        && "UTC".equals(t.getTimezone());
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((TimeStampMicroTZVector) vector).setSafe(index, ChronoUnit.MICROS.between(Instant.EPOCH,
                        (Instant) value));
            }
        },
        DATE {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Date d && d.getUnit() == DateUnit.DAY;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                ((DateDayVector) vector).setSafe(index, Math.toIntExact(((LocalDate) value).toEpochDay()));
            }
        },
        MONEY {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Decimal d && d.getScale() == ColumnTypes.MONEY_SCALE
                        && d.getPrecision() == ColumnTypes.MONEY_PRECISION;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                // UNNECESSARY: a sub-cent amount is a bug upstream, never something to round away here
                BigDecimal cents = ((BigDecimal) value).setScale(ColumnTypes.MONEY_SCALE, RoundingMode.UNNECESSARY);
                // as the unscaled long (18 digits fit): Arrow's BigDecimal path copies a byte array per value
                ((DecimalVector) vector).setSafe(index, cents.unscaledValue().longValueExact());
            }
        },
        SUM {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Decimal d && d.getScale() == ColumnTypes.MONEY_SCALE
                        && d.getPrecision() == ColumnTypes.SUM_PRECISION;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                // Arrow checks the precision: a sum past 38 digits fails here rather than wrap
                ((DecimalVector) vector).setSafe(index,
                        ((BigDecimal) value).setScale(ColumnTypes.MONEY_SCALE, RoundingMode.UNNECESSARY));
            }
        };

        abstract boolean matches(ArrowType type);

        abstract void set(FieldVector vector, int index, Object value);

        void setNull(FieldVector vector, int index) {
            switch (vector) {
                case BaseFixedWidthVector v -> v.setNull(index);
                case BaseVariableWidthVector v -> v.setNull(index);
                default -> throw new IllegalArgumentException("cannot null " + vector.getField());
            }
        }
    }

    /** Typed access to the current row of a root, by column position: what a table's factory reads a row from. */
    public static final class Row {
        private final VectorSchemaRoot root;
        private int row;

        private Row(VectorSchemaRoot root) {
            this.root = root;
        }

        public String text(int column) {
            VarCharVector vector = (VarCharVector) root.getVector(column);
            return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
        }

        public int int32(int column) {
            return ((IntVector) root.getVector(column)).get(row);
        }

        public long int64(int column) {
            return ((BigIntVector) root.getVector(column)).get(row);
        }

        public boolean bool(int column) {
            return ((BitVector) root.getVector(column)).get(row) == 1;
        }

        public Instant time(int column) {
            TimeStampMicroTZVector vector = (TimeStampMicroTZVector) root.getVector(column);
            return vector.isNull(row) ? null : instant(vector.get(row));
        }

        public LocalDate date(int column) {
            DateDayVector vector = (DateDayVector) root.getVector(column);
            return vector.isNull(row) ? null : LocalDate.ofEpochDay(vector.get(row));
        }

        public BigDecimal money(int column) {
            return ((DecimalVector) root.getVector(column)).getObject(row);
        }
    }

    public static <T> Column<T> text(Function<T, String> getter) {
        return new Column<>(Kind.TEXT, getter);
    }

    public static <T> Column<T> int32(Function<T, Integer> getter) {
        return new Column<>(Kind.INT32, getter);
    }

    public static <T> Column<T> int64(Function<T, Long> getter) {
        return new Column<>(Kind.INT64, getter);
    }

    public static <T> Column<T> bool(Function<T, Boolean> getter) {
        return new Column<>(Kind.BOOL, getter);
    }

    public static <T> Column<T> time(Function<T, Instant> getter) {
        return new Column<>(Kind.TIME, getter);
    }

    public static <T> Column<T> date(Function<T, LocalDate> getter) {
        return new Column<>(Kind.DATE, getter);
    }

    public static <T> Column<T> money(Function<T, BigDecimal> getter) {
        return new Column<>(Kind.MONEY, getter);
    }

    public static <T> Column<T> sum(Function<T, BigDecimal> getter) {
        return new Column<>(Kind.SUM, getter);
    }
}
