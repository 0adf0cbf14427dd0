package io.seamline.projection.warehouse;

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
 * Silver and gold rows to and from Arrow, one {@link Table} per warehouse table, in the column order and
 * types of {@link WarehouseSchemas}: money as DECIMAL(18,2), sums of it as DECIMAL(38,2), times as UTC microseconds,
 * days as DATE.
 */
public final class WarehouseRows {

    static final Table<BronzeRecord> BRONZE_EVENTS = new Table<>(WarehouseSchemas.BRONZE_EVENTS, List.of(
            text((BronzeRecord r) -> r.event().eventId()), text((BronzeRecord r) -> r.event().type()),
            int32((BronzeRecord r) -> r.event().version()), text((BronzeRecord r) -> r.event().aggregateType()),
            text((BronzeRecord r) -> r.event().aggregateId()), int64((BronzeRecord r) -> r.event().sequence()),
            int64((BronzeRecord r) -> r.event().globalIndex()), int32(BronzeRecord::kafkaPartition),
            int64(BronzeRecord::kafkaOffset), time((BronzeRecord r) -> r.event().eventTime()),
            time(BronzeRecord::ingestedAt), text(BronzeRecord::correlationId),
            text((BronzeRecord r) -> r.event().payload())),
            r -> new BronzeRecord(new BronzeEvent(r.text(0), r.text(1), r.int32(2), r.text(3), r.text(4), r.int64(5),
                    r.int64(6), r.time(9), r.text(12)), r.int32(7), r.int64(8), r.text(11), r.time(10)));

    static final Table<QuarantinedRecord> QUARANTINE = new Table<>(WarehouseSchemas.BRONZE_QUARANTINE, List.of(
            int32(QuarantinedRecord::kafkaPartition), int64(QuarantinedRecord::kafkaOffset),
            text(QuarantinedRecord::eventId), text(QuarantinedRecord::type), text(QuarantinedRecord::reason),
            text(QuarantinedRecord::record), time(QuarantinedRecord::quarantinedAt)),
            r -> new QuarantinedRecord(r.int32(0), r.int64(1), r.text(2), r.text(3), r.text(4), r.text(5),
                    r.time(6)));

    public static final Table<SilverProduct> PRODUCTS = new Table<>(WarehouseSchemas.SILVER_PRODUCTS, List.of(
            text(SilverProduct::productId), text(SilverProduct::sku), text(SilverProduct::title),
            text(SilverProduct::description), text(SilverProduct::category), money(SilverProduct::price),
            text(SilverProduct::currency), text(SilverProduct::attributes), bool(SilverProduct::discontinued),
            time(SilverProduct::discontinuedAt), int64(SilverProduct::sequence), int64(SilverProduct::globalIndex),
            time(SilverProduct::updatedAt)),
            r -> new SilverProduct(r.text(0), r.text(1), r.text(2), r.text(3), r.text(4), r.money(5), r.text(6),
                    r.text(7), r.bool(8), r.time(9), r.int64(10), r.int64(11), r.time(12)));

    public static final Table<SilverOrder> ORDERS = new Table<>(WarehouseSchemas.SILVER_ORDERS, List.of(
            text(SilverOrder::orderId), text(SilverOrder::customerId), text(SilverOrder::status),
            money(SilverOrder::total), text(SilverOrder::currency), time(SilverOrder::placedAt),
            date(SilverOrder::orderDate), time(SilverOrder::paidAt), time(SilverOrder::shippedAt),
            time(SilverOrder::cancelledAt), int64(SilverOrder::sequence), int64(SilverOrder::globalIndex),
            time(SilverOrder::updatedAt)),
            r -> new SilverOrder(r.text(0), r.text(1), r.text(2), r.money(3), r.text(4), r.time(5), r.date(6),
                    r.time(7), r.time(8), r.time(9), r.int64(10), r.int64(11), r.time(12)));

    public static final Table<SilverOrderLine> ORDER_LINES = new Table<>(WarehouseSchemas.SILVER_ORDER_LINES,
            List.of(text(SilverOrderLine::orderId), int32(SilverOrderLine::lineNo), text(SilverOrderLine::productId),
                    text(SilverOrderLine::title), text(SilverOrderLine::category), int32(SilverOrderLine::quantity),
                    money(SilverOrderLine::unitPrice), money(SilverOrderLine::amount), text(SilverOrderLine::currency),
                    date(SilverOrderLine::orderDate)),
            r -> new SilverOrderLine(r.text(0), r.int32(1), r.text(2), r.text(3), r.text(4), r.int32(5), r.money(6),
                    r.money(7), r.text(8), r.date(9)));

    public static final Table<FactSale> FACT_SALES = new Table<>(WarehouseSchemas.GOLD_FACT_SALES, List.of(
            text(FactSale::orderId), int32(FactSale::lineNo), date(FactSale::orderDate), time(FactSale::placedAt),
            text(FactSale::customerId), text(FactSale::productId), text(FactSale::title), text(FactSale::category),
            int32(FactSale::quantity), money(FactSale::unitPrice), money(FactSale::amount), text(FactSale::currency),
            text(FactSale::status)),
            r -> new FactSale(r.text(0), r.int32(1), r.date(2), r.time(3), r.text(4), r.text(5), r.text(6),
                    r.text(7), r.int32(8), r.money(9), r.money(10), r.text(11), r.text(12)));

    public static final Table<DailyRevenue> DAILY_REVENUE = new Table<>(WarehouseSchemas.GOLD_DAILY_REVENUE,
            List.of(date(DailyRevenue::day), text(DailyRevenue::category), text(DailyRevenue::currency),
                    sum(DailyRevenue::grossRevenue), sum(DailyRevenue::netRevenue), int64(DailyRevenue::orders),
                    int64(DailyRevenue::cancelledOrders), int64(DailyRevenue::units),
                    money(DailyRevenue::avgOrderValue)),
            r -> new DailyRevenue(r.date(0), r.text(1), r.text(2), r.money(3), r.money(4), r.int64(5), r.int64(6),
                    r.int64(7), r.money(8)));

    private WarehouseRows() {
    }

    /** A stored timestamp (microseconds since the epoch, UTC) as an instant. */
    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }

    /** Silver as stored, from the batches of its three tables (any number of batches each, e.g. partitions). */
    public static Silver restoreSilver(Iterable<VectorSchemaRoot> products, Iterable<VectorSchemaRoot> orders,
                                       Iterable<VectorSchemaRoot> orderLines) {
        return Silver.restore(PRODUCTS.read(products), ORDERS.read(orders), ORDER_LINES.read(orderLines));
    }

    /** Gold as stored, from the batches of its two tables; see {@link Gold#restore}. */
    public static Gold restoreGold(Iterable<VectorSchemaRoot> factSales, Iterable<VectorSchemaRoot> dailyRevenue) {
        return Gold.restore(FACT_SALES.read(factSales), DAILY_REVENUE.read(dailyRevenue));
    }

    /** One warehouse table: its schema and how its rows map to columns. */
    public static final class Table<T> {
        private final Schema schema;
        private final List<Column<T>> columns;
        private final Function<RowReader, T> factory;

        private Table(Schema schema, List<Column<T>> columns, Function<RowReader, T> factory) {
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
            RowReader reader = new RowReader(root);
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
            // were narrower reads as it is (see WarehouseSchemas.readsAs)
            if (!WarehouseSchemas.readsAs(root.getSchema(), schema)) {
                throw new IllegalArgumentException("expected schema " + schema + ", got " + root.getSchema());
            }
        }
    }

    /** A column of a table: how a row gives its value, and the Arrow kind it is stored as. */
    private record Column<T>(Kind kind, Function<T, ?> getter) {
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
                return type instanceof ArrowType.Decimal d && d.getScale() == WarehouseSchemas.MONEY_SCALE
                        && d.getPrecision() == WarehouseSchemas.MONEY_PRECISION;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                // UNNECESSARY: a sub-cent amount is a bug upstream, never something to round away here
                BigDecimal cents = ((BigDecimal) value).setScale(WarehouseSchemas.MONEY_SCALE, RoundingMode.UNNECESSARY);
                // as the unscaled long (18 digits fit): Arrow's BigDecimal path copies a byte array per value
                ((DecimalVector) vector).setSafe(index, cents.unscaledValue().longValueExact());
            }
        },
        SUM {
            @Override
            boolean matches(ArrowType type) {
                return type instanceof ArrowType.Decimal d && d.getScale() == WarehouseSchemas.MONEY_SCALE
                        && d.getPrecision() == WarehouseSchemas.SUM_PRECISION;
            }

            @Override
            void set(FieldVector vector, int index, Object value) {
                // Arrow checks the precision: a sum past 38 digits fails here rather than wrap
                ((DecimalVector) vector).setSafe(index,
                        ((BigDecimal) value).setScale(WarehouseSchemas.MONEY_SCALE, RoundingMode.UNNECESSARY));
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

    /** Typed access to the current row of a root, by column position. */
    private static final class RowReader {
        private final VectorSchemaRoot root;
        int row;

        RowReader(VectorSchemaRoot root) {
            this.root = root;
        }

        String text(int column) {
            VarCharVector vector = (VarCharVector) root.getVector(column);
            return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
        }

        int int32(int column) {
            return ((IntVector) root.getVector(column)).get(row);
        }

        long int64(int column) {
            return ((BigIntVector) root.getVector(column)).get(row);
        }

        boolean bool(int column) {
            return ((BitVector) root.getVector(column)).get(row) == 1;
        }

        Instant time(int column) {
            TimeStampMicroTZVector vector = (TimeStampMicroTZVector) root.getVector(column);
            return vector.isNull(row) ? null : instant(vector.get(row));
        }

        LocalDate date(int column) {
            DateDayVector vector = (DateDayVector) root.getVector(column);
            return vector.isNull(row) ? null : LocalDate.ofEpochDay(vector.get(row));
        }

        BigDecimal money(int column) {
            return ((DecimalVector) root.getVector(column)).getObject(row);
        }
    }

    private static <T> Column<T> text(Function<T, String> getter) {
        return new Column<>(Kind.TEXT, getter);
    }

    private static <T> Column<T> int32(Function<T, Integer> getter) {
        return new Column<>(Kind.INT32, getter);
    }

    private static <T> Column<T> int64(Function<T, Long> getter) {
        return new Column<>(Kind.INT64, getter);
    }

    private static <T> Column<T> bool(Function<T, Boolean> getter) {
        return new Column<>(Kind.BOOL, getter);
    }

    private static <T> Column<T> time(Function<T, Instant> getter) {
        return new Column<>(Kind.TIME, getter);
    }

    private static <T> Column<T> date(Function<T, LocalDate> getter) {
        return new Column<>(Kind.DATE, getter);
    }

    private static <T> Column<T> money(Function<T, BigDecimal> getter) {
        return new Column<>(Kind.MONEY, getter);
    }

    private static <T> Column<T> sum(Function<T, BigDecimal> getter) {
        return new Column<>(Kind.SUM, getter);
    }
}
