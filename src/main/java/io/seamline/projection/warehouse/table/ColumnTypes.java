package io.seamline.projection.warehouse.table;

import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;

/**
 * The column types every warehouse table is declared with, as Arrow fields: money is DECIMAL(18,2) (kept to the
 * cent, as in the domain), sums of money over many orders DECIMAL(38,2), times are UTC microsecond timestamps, days
 * are DATE; and which stored schema still reads as a declared one.
 */
public final class ColumnTypes {

    public static final int MONEY_PRECISION = 18;
    public static final int MONEY_SCALE = 2;
    /**
     * The precision of a sum of order amounts (the daily revenue's gross and net), which must never overflow: an order
     * is at most {@code Money.MAX_AMOUNT} (under 10^12) and a key counts its orders in an int64 (under 9.3 x 10^18),
     * so a sum stays under 9.3 x 10^30, and 38 digits with 2 decimals hold up to 10^36. A year of orders as large as
     * the write side accepts, at a million orders a second, sums to 3.2 x 10^25 (WarehouseRowsTest writes it).
     */
    public static final int SUM_PRECISION = 38;

    private ColumnTypes() {
    }

    /** A required text column; the builders below likewise give a required column of their one Arrow type. */
    public static Field text(String name) {
        return notNull(name, ArrowType.Utf8.INSTANCE);
    }

    public static Field int32(String name) {
        return notNull(name, new ArrowType.Int(32, true));
    }

    public static Field int64(String name) {
        return notNull(name, new ArrowType.Int(64, true));
    }

    public static Field bool(String name) {
        return notNull(name, ArrowType.Bool.INSTANCE);
    }

    public static Field timestamp(String name) {
        return notNull(name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
    }

    public static Field date(String name) {
        return notNull(name, new ArrowType.Date(DateUnit.DAY));
    }

    public static Field money(String name) {
        return notNull(name, new ArrowType.Decimal(MONEY_PRECISION, MONEY_SCALE, 128));
    }

    public static Field sum(String name) {
        return notNull(name, new ArrowType.Decimal(SUM_PRECISION, MONEY_SCALE, 128));
    }

    /**
     * Whether a file written with {@code stored} reads correctly as {@code declared}: the same columns, each of the
     * same type, or a decimal the declared one widened (same scale and width, fewer digits: the same bytes mean the
     * same amount). So a table written before a column was widened (the daily revenue's sums were DECIMAL(18,2)) is
     * read as it is, and rewritten in the new type by its next commit.
     */
    public static boolean readsAs(Schema stored, Schema declared) {
        if (stored.equals(declared)) {
            return true;
        }
        List<Field> old = stored.getFields();
        List<Field> now = declared.getFields();
        if (old.size() != now.size()) {
            return false;
        }
        for (int i = 0; i < old.size(); i++) {
            Field o = old.get(i);
            Field n = now.get(i);
            boolean sameColumn = o.getName().equals(n.getName()) && o.isNullable() == n.isNullable();
            if (!sameColumn || !(o.getType().equals(n.getType()) || widened(o.getType(), n.getType()))) {
                return false;
            }
        }
        return true;
    }

    private static boolean widened(ArrowType stored, ArrowType declared) {
        return stored instanceof ArrowType.Decimal s && declared instanceof ArrowType.Decimal d
                && s.getScale() == d.getScale() && s.getBitWidth() == d.getBitWidth()
                && s.getPrecision() <= d.getPrecision();
    }

    /** {@code field}, allowed to hold nulls. */
    public static Field nullable(Field field) {
        return new Field(field.getName(), FieldType.nullable(field.getType()), null);
    }

    private static Field notNull(String name, ArrowType type) {
        return new Field(name, FieldType.notNullable(type), null);
    }
}
