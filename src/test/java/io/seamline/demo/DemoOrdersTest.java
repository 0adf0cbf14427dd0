package io.seamline.demo;

import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The demo's order histories from the fixed seed: paid and shipped hours to days after they were placed. */
class DemoOrdersTest {

    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<String> PRODUCTS = IntStream.range(0, 50).mapToObj(i -> "p" + i).toList();
    private static final List<List<Object>> LIVES = DemoSeeder.DemoOrders.generate(PRODUCTS, DemoSeeder.ORDERS,
            DemoSeeder.DAYS, NOW, new Random(DemoSeeder.SEED));

    @Test
    void paymentsAndShipments_followThePlacementByHoursToDays_neverLaterThanNow() {
        List<Duration> toPay = new ArrayList<>();
        List<Duration> toShip = new ArrayList<>();
        for (List<Object> life : LIVES) {
            Instant placedAt = ((PlaceOrderCommand) life.get(0)).placedAt();
            if (life.size() > 1 && life.get(1) instanceof PayOrderCommand pay) {
                assertThat(pay.paidAt()).isAfter(placedAt).isBeforeOrEqualTo(NOW);
                toPay.add(Duration.between(placedAt, pay.paidAt()));
                if (life.size() > 2) {
                    ShipOrderCommand ship = (ShipOrderCommand) life.get(2);
                    assertThat(ship.shippedAt()).isAfter(pay.paidAt()).isBeforeOrEqualTo(NOW);
                    toShip.add(Duration.between(placedAt, ship.shippedAt()));
                }
            }
        }
        assertThat(toPay).hasSizeGreaterThan(6_500);
        assertThat(toShip).hasSizeGreaterThan(5_500);
        // the issue measured a median order-to-ship of 44.9 days when every step happened at seeding time
        assertThat(median(toPay)).isBetween(Duration.ofMinutes(30), Duration.ofHours(6));
        assertThat(median(toShip)).isBetween(Duration.ofHours(24), Duration.ofDays(3));
        assertThat(toPay.stream().max(Duration::compareTo).orElseThrow()).isLessThanOrEqualTo(Duration.ofDays(4));
        assertThat(toShip.stream().max(Duration::compareTo).orElseThrow()).isLessThanOrEqualTo(Duration.ofDays(14));
    }

    @Test
    void theOrdersPlacedInTheLastHours_areNotAllPaidOrShippedYet() {
        long recentUnshipped = LIVES.stream()
                .filter(l -> ((PlaceOrderCommand) l.get(0)).placedAt().isAfter(NOW.minus(Duration.ofDays(1))))
                .filter(l -> l.size() < 3 && !(l.size() == 2 && l.get(1) instanceof CancelOrderCommand))
                .count();
        assertThat(recentUnshipped).isGreaterThan(50);
    }

    @Test
    void theSameSeed_givesTheSameHistories() {
        assertEquals(LIVES, DemoSeeder.DemoOrders.generate(PRODUCTS, DemoSeeder.ORDERS, DemoSeeder.DAYS, NOW,
                new Random(DemoSeeder.SEED)));
    }

    private static Duration median(List<Duration> durations) {
        return durations.stream().sorted().toList().get(durations.size() / 2);
    }
}
