package io.seamline.projection.warehouse.silver;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.projection.warehouse.bronze.BronzeEvent;
import io.seamline.projection.warehouse.bronze.BronzeLog;
import io.seamline.seam.log.Watermarks;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

class SilverTest {

    private final BronzeLog log = new BronzeLog();
    private final Silver silver = new Silver();

    @Test
    void redeliveredBatch_changesNothing() {
        List<BronzeEvent> batch = List.of(created("p1", "books", "10.00"),
                log.append(new OrderPlacedEvent("o1", "c1", List.of(line("p1", 2, "10.00")), eur("20.00"),
                        Instant.parse("2026-03-01T10:00:00Z"))),
                log.append(new OrderPaidEvent("o1", eur("20.00"), Instant.parse("2026-03-02T12:00:00Z"))));
        SilverChanges first = silver.apply(batch);
        List<SilverProduct> products = silver.products();
        List<SilverOrder> orders = silver.orders();
        List<SilverOrderLine> lines = silver.orderLines();

        SilverChanges again = silver.apply(batch);

        assertThat(first.applied()).isEqualTo(3);
        assertThat(again.applied()).isZero();
        assertThat(again.skipped()).isEqualTo(3);
        assertThat(again.productIds()).isEmpty();
        assertThat(again.orderIds()).isEmpty();
        assertThat(again.goldDeltas()).isEmpty();
        assertThat(silver.products()).isEqualTo(products);
        assertThat(silver.orders()).isEqualTo(orders);
        assertThat(silver.orderLines()).isEqualTo(lines);
    }

    @Test
    void duplicateInOneBatch_isAppliedOnce() {
        BronzeEvent created = created("p1", "books", "10.00");
        BronzeEvent updated = log.append(new ProductUpdatedEvent("p1", "New title", null, null, null, null));

        SilverChanges changes = silver.apply(List.of(created, updated, updated, created));

        assertThat(changes.applied()).isEqualTo(2);
        assertThat(changes.skipped()).isEqualTo(2);
        assertThat(silver.product("p1").title()).isEqualTo("New title");
        assertThat(silver.product("p1").sequence()).isEqualTo(1);
    }

    @Test
    void olderSequence_neverOverwritesNewer() {
        BronzeEvent created = created("p1", "books", "10.00");
        BronzeEvent to20 = log.append(new ProductUpdatedEvent("p1", null, null, null, eur("20.00"), null));
        BronzeEvent to30 = log.append(new ProductUpdatedEvent("p1", null, null, null, eur("30.00"), null));
        silver.apply(List.of(created, to20, to30));

        SilverChanges late = silver.apply(List.of(to20));

        assertThat(late.skipped()).isEqualTo(1);
        assertThat(late.productIds()).isEmpty();
        assertThat(silver.product("p1").price()).isEqualByComparingTo("30.00");
        assertThat(silver.product("p1").sequence()).isEqualTo(2);
        assertThat(silver.product("p1").globalIndex()).isEqualTo(to30.globalIndex());
    }

    @Test
    void jumpInSequence_isAppliedAsAGap_andTheMissingEventIsThenSkipped() {
        BronzeEvent created = created("p1", "books", "10.00");
        BronzeEvent to20 = log.append(new ProductUpdatedEvent("p1", null, null, null, eur("20.00"), null));
        BronzeEvent to30 = log.append(new ProductUpdatedEvent("p1", null, null, null, eur("30.00"), null));

        SilverChanges withGap = silver.apply(List.of(created, to30));
        SilverChanges missing = silver.apply(List.of(to20));

        assertThat(withGap.gaps()).containsExactly(new Watermarks.Gap("p1", 1, 2, to30.globalIndex()));
        assertThat(missing.skipped()).isEqualTo(1);
        assertThat(silver.product("p1").price()).isEqualByComparingTo("30.00");
    }

    @Test
    void gapBeforeCreation_changesNothing() {
        BronzeEvent placed = log.append(new OrderPlacedEvent("o1", "c1", List.of(line("p1", 1, "5.00")), eur("5.00"),
                Instant.parse("2026-03-01T10:00:00Z")));
        BronzeEvent cancelled = log.append(new OrderCancelledEvent("o1", "changed my mind"));

        SilverChanges early = silver.apply(List.of(cancelled));

        assertThat(early.gaps()).hasSize(1);
        assertThat(early.orderIds()).isEmpty();
        assertThat(early.goldDeltas()).isEmpty();
        assertThat(silver.orders()).isEmpty();

        silver.apply(List.of(placed));
        assertThat(silver.order("o1").status()).isEqualTo(SilverOrder.PLACED);
    }

    @Test
    void outOfOrderBatch_isAppliedInGlobalIndexOrder() {
        BronzeEvent created = created("p1", "books", "10.00");
        BronzeEvent renamed = log.append(new ProductUpdatedEvent("p1", "Renamed", null, null, null, null));
        BronzeEvent discontinued = log.append(new ProductDiscontinuedEvent("p1"));
        List<BronzeEvent> shuffled = new ArrayList<>(List.of(discontinued, created, renamed));
        Collections.reverse(shuffled.subList(1, 3));

        SilverChanges changes = silver.apply(shuffled);

        assertThat(changes.applied()).isEqualTo(3);
        assertThat(changes.gaps()).isEmpty();
        assertThat(silver.product("p1").title()).isEqualTo("Renamed");
        assertThat(silver.product("p1").discontinued()).isTrue();
        assertThat(silver.lastGlobalIndex()).isEqualTo(discontinued.globalIndex());
    }

    @Test
    void discontinuation_setsTheFlagAndItsTime() {
        silver.apply(List.of(created("p1", "books", "10.00")));
        assertThat(silver.product("p1").discontinued()).isFalse();
        assertThat(silver.product("p1").discontinuedAt()).isNull();

        BronzeEvent discontinued = log.append(new ProductDiscontinuedEvent("p1"));
        SilverChanges changes = silver.apply(List.of(discontinued));

        SilverProduct product = silver.product("p1");
        Instant expected = discontinued.eventTime().truncatedTo(ChronoUnit.MICROS);
        assertThat(changes.productIds()).containsExactly("p1");
        assertThat(product.discontinued()).isTrue();
        assertThat(product.discontinuedAt()).isEqualTo(expected);
        assertThat(product.updatedAt()).isEqualTo(expected);
        assertThat(product.category()).isEqualTo("books");
    }

    @Test
    void orderLine_keepsTheCategoryOfWhenTheOrderWasPlaced() {
        silver.apply(List.of(created("p1", "books", "10.00")));
        silver.apply(List.of(log.append(new OrderPlacedEvent("o1", "c1",
                List.of(line("p1", 3, "10.00"), line("unknown", 1, "2.50")), eur("32.50"),
                Instant.parse("2026-03-01T23:59:59.999999Z")))));

        silver.apply(List.of(log.append(new ProductUpdatedEvent("p1", null, null, "games", null, null))));

        assertThat(silver.product("p1").category()).isEqualTo("games");
        assertThat(silver.lines("o1")).extracting(SilverOrderLine::lineNo, SilverOrderLine::category,
                        SilverOrderLine::amount, SilverOrderLine::orderDate)
                .containsExactly(
                        tuple(0, "books", new BigDecimal("30.00"),
                                LocalDate.parse("2026-03-01")),
                        tuple(1, null, new BigDecimal("2.50"),
                                LocalDate.parse("2026-03-01")));
    }

    @Test
    void orderLifecycle_recordsWhenEachStatusWasReached() {
        BronzeEvent placed = log.append(new OrderPlacedEvent("o1", "c1", List.of(line("p1", 1, "5.00")),
                eur("5.00"), Instant.parse("2026-03-02T00:00:00Z")));
        BronzeEvent paid = log.append(new OrderPaidEvent("o1", eur("5.00"), Instant.parse("2026-03-02T03:15:00.1234567Z")));
        BronzeEvent cancelled = log.append(new OrderCancelledEvent("o1", "no stock"));

        SilverChanges changes = silver.apply(List.of(placed, paid, cancelled));

        SilverOrder order = silver.order("o1");
        assertThat(order.status()).isEqualTo(SilverOrder.CANCELLED);
        assertThat(order.orderDate()).isEqualTo(LocalDate.parse("2026-03-02"));
        // paid when the event says (business time, to the microsecond), not when it was appended
        assertThat(order.paidAt()).isEqualTo(Instant.parse("2026-03-02T03:15:00.123456Z"));
        assertThat(paid.eventTime()).isNotEqualTo(order.paidAt());
        assertThat(order.cancelledAt()).isEqualTo(cancelled.eventTime().truncatedTo(ChronoUnit.MICROS));
        assertThat(order.shippedAt()).isNull();
        assertThat(changes.goldDeltas()).hasSize(3).first().isInstanceOf(GoldDelta.Placed.class);
    }

    @Test
    void attributes_areStoredAsSortedJson() {
        silver.apply(List.of(log.append(new ProductCreatedEvent("p1", "SKU-1", "Title", null, null, eur("1.00"),
                Map.of("size", "L", "colour", "red")))));

        assertThat(silver.product("p1").attributes()).isEqualTo("{\"colour\":\"red\",\"size\":\"L\"}");
        assertThat(silver.product("p1").category()).isNull();
    }

    @Test
    void eventOfAnotherVersion_isRefused() {
        BronzeEvent created = created("p1", "books", "10.00");
        BronzeEvent v1 = new BronzeEvent(created.eventId(), created.type(), 1, created.aggregateType(),
                created.aggregateId(), created.sequence(), created.globalIndex(), created.eventTime(), created.payload());

        assertThatThrownBy(() -> silver.apply(List.of(v1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ProductCreated v1");
    }

    private BronzeEvent created(String productId, String category, String price) {
        return log.append(new ProductCreatedEvent(productId, "SKU-" + productId, "Title " + productId, null, category,
                eur(price), Map.of()));
    }

    private static OrderLine line(String productId, int quantity, String unitPrice) {
        return new OrderLine(productId, "Title " + productId, quantity, eur(unitPrice));
    }

    private static Money eur(String amount) {
        return Money.of(amount, "EUR");
    }
}
