package io.seamline.domain;

import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.projection.warehouse.table.ColumnTypes;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link Money#MAX_AMOUNT}, the largest price or order total the aggregates accept, is what the narrowest store keeps:
 * read from the stores' own declarations, so narrowing a column later fails here rather than in a consumer.
 */
class MoneyLimitsTest {

    private static final Path ROW_STORE = Path.of("projections/rowstore/migrations/V1000__rowstore.sql");

    @Test
    void maxAmount_isTheLargestValueOfTheRowStoresAmountColumns() throws IOException {
        String migration = Files.readString(ROW_STORE);
        for (String column : new String[]{"price_amount", "total_amount"}) {
            Matcher numeric = Pattern.compile(column + "\\s+NUMERIC\\((\\d+),\\s*(\\d+)\\)").matcher(migration);
            assertThat(numeric.find()).as("%s declared as NUMERIC(p, s) in %s", column, ROW_STORE).isTrue();
            assertThat(Money.MAX_AMOUNT).isEqualTo(largest(Integer.parseInt(numeric.group(1)),
                    Integer.parseInt(numeric.group(2))));
        }
    }

    @Test
    void maxAmount_fitsEveryWarehouseAmountColumn() {
        for (Schema schema : new Schema[]{SilverSchemas.PRODUCTS, SilverSchemas.ORDERS,
                SilverSchemas.ORDER_LINES, GoldSchemas.FACT_SALES,
                GoldSchemas.DAILY_REVENUE}) {
            schema.getFields().stream().filter(f -> f.getType() instanceof ArrowType.Decimal).forEach(f -> {
                ArrowType.Decimal decimal = (ArrowType.Decimal) f.getType();
                assertThat(largest(decimal.getPrecision(), decimal.getScale())).as(f.getName())
                        .isGreaterThanOrEqualTo(Money.MAX_AMOUNT);
            });
        }
    }

    @Test
    void dailyRevenueSums_cannotOverflow_whateverTheNumberOfOrders() {
        // a key's orders are counted in an int64, and each order is at most MAX_AMOUNT
        BigDecimal anySum = Money.MAX_AMOUNT.multiply(BigDecimal.valueOf(Long.MAX_VALUE));
        // a year (366 days) of maximum-size orders at a million a second, far past what the write path takes
        BigDecimal year = Money.MAX_AMOUNT.multiply(BigDecimal.valueOf(1_000_000L * 366 * 24 * 3600));
        BigDecimal column = largest(ColumnTypes.SUM_PRECISION, ColumnTypes.MONEY_SCALE);
        assertThat(anySum).isLessThan(column);
        assertThat(year).isLessThan(column);
        assertThat(year).as("the money type the sums had before").isGreaterThan(
                largest(ColumnTypes.MONEY_PRECISION, ColumnTypes.MONEY_SCALE));
    }

    private static BigDecimal largest(int precision, int scale) {
        return BigDecimal.TEN.pow(precision - scale).subtract(BigDecimal.ONE.movePointLeft(scale));
    }
}
