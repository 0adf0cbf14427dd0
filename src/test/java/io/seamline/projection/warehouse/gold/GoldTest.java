package io.seamline.projection.warehouse.gold;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLog;
import io.seamline.projection.warehouse.silver.Silver;
import io.seamline.projection.warehouse.silver.SilverChanges;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

class GoldTest {

    private static final LocalDate DAY = LocalDate.parse("2026-03-01");
    private static final Instant NOON = Instant.parse("2026-03-01T12:00:00Z");

    private final BronzeLog log = new BronzeLog();
    private final Silver silver = new Silver();
    private final Gold gold = new Gold();

    @Test
    void twoLinesUnderOneKey_countOneOrder() {
        apply(product("p1", "books", "2.00"), product("p2", "books", "3.00"), product("p3", "toys", "5.00"));

        apply(place("o1", line("p1", 2, "2.00"), line("p2", 1, "3.00"), line("p3", 1, "5.00")));

        assertThat(gold.dailyRevenue()).containsExactly(
                new DailyRevenue(DAY, "books", "EUR", money("7.00"), money("7.00"), 1, 0, 3, money("7.00")),
                new DailyRevenue(DAY, "toys", "EUR", money("5.00"), money("5.00"), 1, 0, 1, money("5.00")));
        assertThat(gold.factSales()).extracting(FactSale::lineNo, FactSale::category, FactSale::status)
                .containsExactly(tuple(0, "books", "PLACED"),
                        tuple(1, "books", "PLACED"),
                        tuple(2, "toys", "PLACED"));
    }

    @Test
    void cancellation_movesTheOrderOutOfNetOnly() {
        apply(product("p1", "books", "4.00"));
        apply(place("o1", line("p1", 1, "4.00")), place("o2", line("p1", 2, "4.00")));

        GoldChanges changes = apply(log.append(new OrderPaidEvent("o2", eur("8.00"), Instant.parse("2026-03-02T12:00:00Z"))),
                log.append(new OrderCancelledEvent("o2", "changed my mind")));

        assertThat(changes.orderIds()).containsExactly("o2");
        assertThat(changes.days()).containsExactly(DAY);
        assertThat(gold.dailyRevenue()).containsExactly(
                new DailyRevenue(DAY, "books", "EUR", money("12.00"), money("4.00"), 2, 1, 3, money("4.00")));
        assertThat(gold.factSales("o2")).extracting(FactSale::status).containsOnly("CANCELLED");
    }

    @Test
    void payAndShip_changeOnlyTheFactStatus() {
        apply(product("p1", "books", "4.00"));
        apply(place("o1", line("p1", 1, "4.00")));
        List<DailyRevenue> before = gold.dailyRevenue();

        apply(log.append(new OrderPaidEvent("o1", eur("4.00"), Instant.parse("2026-03-02T12:00:00Z"))), log.append(new OrderShippedEvent("o1", Instant.parse("2026-03-02T12:00:00Z"))));

        assertThat(gold.dailyRevenue()).isEqualTo(before);
        assertThat(gold.factSales("o1")).extracting(FactSale::status).containsOnly("SHIPPED");
    }

    @Test
    void averageOrderValue_roundsHalfEven_andIsNullWithNoOrderLeft() {
        apply(product("a", "cheap", "0.01"), product("b", "cheap", "0.04"), product("c", "dear", "0.05"),
                product("d", "dear", "0.10"), product("e", "gone", "1.00"));

        apply(place("o1", line("a", 1, "0.01")), place("o2", line("b", 1, "0.04")),
                place("o3", line("c", 1, "0.05")), place("o4", line("d", 1, "0.10")),
                place("o5", line("e", 1, "1.00")));
        apply(log.append(new OrderCancelledEvent("o5", "no stock")));

        // 0.05 / 2 = 0.025 -> 0.02 (even); 0.15 / 2 = 0.075 -> 0.08 (even)
        assertThat(gold.dailyRevenue()).extracting(DailyRevenue::category, DailyRevenue::avgOrderValue)
                .containsExactly(tuple("cheap", money("0.02")),
                        tuple("dear", money("0.08")),
                        tuple("gone", null));
    }

    @Test
    void deltasHandedInTwice_countOnce() {
        apply(product("p1", "books", "4.00"));
        SilverChanges placed = silver.apply(List.of(place("o1", line("p1", 1, "4.00"))));
        SilverChanges cancelled = silver.apply(List.of(log.append(new OrderCancelledEvent("o1", "twice"))));
        gold.apply(placed);
        gold.apply(cancelled);
        List<DailyRevenue> once = gold.dailyRevenue();

        GoldChanges again = gold.apply(placed.goldDeltas().subList(0, 1));
        gold.apply(cancelled);

        assertThat(again.orderIds()).isEmpty();
        assertThat(gold.dailyRevenue()).isEqualTo(once);
    }

    @Test
    void unknownCategory_isItsOwnKey() {
        apply(place("o1", line("nowhere", 1, "3.00")));

        assertThat(gold.dailyRevenue()).containsExactly(
                new DailyRevenue(DAY, null, "EUR", money("3.00"), money("3.00"), 1, 0, 1, money("3.00")));
    }

    private GoldChanges apply(BronzeEvent... events) {
        return gold.apply(silver.apply(List.of(events)));
    }

    private BronzeEvent product(String id, String category, String price) {
        return log.append(new ProductCreatedEvent(id, "SKU-" + id, "Title " + id, null, category, eur(price),
                Map.of()));
    }

    private BronzeEvent place(String orderId, OrderLine... lines) {
        Money total = null;
        for (OrderLine line : lines) {
            total = total == null ? line.amount() : total.plus(line.amount());
        }
        return log.append(new OrderPlacedEvent(orderId, "c1", List.of(lines), total, NOON));
    }

    private static OrderLine line(String productId, int quantity, String unitPrice) {
        return new OrderLine(productId, "Title " + productId, quantity, eur(unitPrice));
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }

    private static BigDecimal money(String amount) {
        return new BigDecimal(amount);
    }
}
