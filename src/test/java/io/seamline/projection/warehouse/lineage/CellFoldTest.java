package io.seamline.projection.warehouse.lineage;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.lineage.RevenueWalk.Totals;
import io.seamline.seam.event.EventTypes;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CellFoldTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-23");
    private long index;

    @Test
    void theCellCountsLinesUnderTheCategoryTheProductHadWhenOrdered_onThePlacementDay_netOfCancellations() {
        CellFold fold = new CellFold(DAY, "Kettles", "EUR");
        fold.apply(event("p1", new ProductCreatedEvent("p1", "s1", "Kettle", null, "Kettles",
                Money.of("10.00", "EUR"), Map.of())));
        fold.apply(event("p2", new ProductCreatedEvent("p2", "s2", "Mug", null, "Mugs", Money.of("3.00", "EUR"),
                Map.of())));
        fold.apply(event("o1", placed("o1", "2026-11-23T10:00:00Z", line("p1", 2, "10.00"), line("p2", 1, "3.00"))));
        fold.apply(event("o2", placed("o2", "2026-11-23T23:59:59Z", line("p1", 1, "10.00"))));
        fold.apply(event("o3", placed("o3", "2026-11-24T00:00:00Z", line("p1", 1, "10.00")))); // next day
        fold.apply(event("o2", new OrderCancelledEvent("o2", "changed mind")));
        // a later recategorisation does not move the sales already placed
        fold.apply(event("p1", new ProductUpdatedEvent("p1", null, null, "Other", null, null)));
        fold.apply(event("o4", placed("o4", "2026-11-23T12:00:00Z", line("p1", 5, "10.00"))));

        Totals totals = Totals.of(fold.shares());

        assertEquals(new Totals(new BigDecimal("30.00"), new BigDecimal("20.00"), 2, 1, 3), totals);
        assertEquals(List.of("o1", "o2"), List.copyOf(fold.orders().keySet()));
        assertEquals(2, fold.orders().get("o2").steps().size());
    }

    @Test
    void aSecondCopyOfAnEvent_changesNothing() {
        CellFold fold = new CellFold(DAY, "Kettles", "EUR");
        fold.apply(event("p1", new ProductCreatedEvent("p1", "s1", "Kettle", null, "Kettles",
                Money.of("10.00", "EUR"), Map.of())));
        LoggedEvent order = event("o1", placed("o1", "2026-11-23T10:00:00Z", line("p1", 1, "10.00")));
        fold.apply(order);
        fold.apply(order);

        assertEquals(new BigDecimal("10.00"), Totals.of(fold.shares()).grossRevenue());
    }

    private LoggedEvent event(String aggregateId, Object payload) {
        index++;
        return new LoggedEvent("ev-" + index, EventTypes.typeName(payload.getClass()), aggregateId, index, index, null,
                -1, -1, payload);
    }

    private static OrderPlacedEvent placed(String id, String at, OrderLine... lines) {
        BigDecimal total = BigDecimal.ZERO;
        for (OrderLine line : lines) {
            total = total.add(line.amount().amount());
        }
        return new OrderPlacedEvent(id, "c1", List.of(lines), new Money(total, "EUR"), Instant.parse(at));
    }

    private static OrderLine line(String product, int quantity, String price) {
        return new OrderLine(product, "title", quantity, Money.of(price, "EUR"));
    }
}
