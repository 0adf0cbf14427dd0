package io.seamline.order;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.PlaceOrderCommand.RequestedLine;
import io.seamline.order.api.ShipOrderCommand;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.seamline.support.RuleViolationMatcher.violation;
import static org.hamcrest.Matchers.containsString;

/** Unit tests of every command, invariant and status transition of the {@link Order} aggregate on Axon's test fixture. */
class OrderTest {

    private static final String ID = "o-1";
    private static final String CUSTOMER = "c-1";
    private static final Money KETTLE_PRICE = Money.of("19.99", "EUR");
    private static final Money MUG_PRICE = Money.of("4.50", "EUR");
    private static final Money TOTAL = Money.of("48.98", "EUR"); // 2 x 19.99 + 2 x 4.50
    private static final Instant PLACED_AT = Instant.parse("2026-03-01T10:15:30Z");
    private static final Instant PAID_AT = Instant.parse("2026-03-01T12:40:00Z");
    private static final Instant SHIPPED_AT = Instant.parse("2026-03-03T08:00:00Z");
    private static final List<OrderLine> LINES = List.of(
            new OrderLine("p-kettle", "Kettle", 2, KETTLE_PRICE),
            new OrderLine("p-mug", "Mug", 2, MUG_PRICE));

    private final MapCatalog catalog = new MapCatalog();
    private AggregateTestFixture<Order> fixture;

    @BeforeEach
    void setUp() {
        catalog.put(new ProductCatalog.CatalogEntry("p-kettle", "Kettle", KETTLE_PRICE, false));
        catalog.put(new ProductCatalog.CatalogEntry("p-mug", "Mug", MUG_PRICE, false));
        catalog.put(new ProductCatalog.CatalogEntry("p-old", "Old kettle", Money.of("9.99", "EUR"), true));
        catalog.put(new ProductCatalog.CatalogEntry("p-dollar", "Imported mug", Money.of("5.00", "USD"), false));
        catalog.put(new ProductCatalog.CatalogEntry("p-free", "Free sample", Money.of("0", "EUR"), false));
        fixture = new AggregateTestFixture<>(Order.class);
        fixture.registerAnnotatedCommandHandler(new OrderCommandHandler(fixture.getRepository(), catalog));
    }

    // ---- place -------------------------------------------------------------------------------------------

    @Test
    void place_knownProducts_emitsPlacedWithCataloguePricesAndTotalAndReturnsId() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-kettle", 2), new RequestedLine("p-mug", 2)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderPlacedEvent(ID, CUSTOMER, LINES, TOTAL, PLACED_AT))
                .expectResultMessagePayload(ID);
    }

    @Test
    void place_singleLine_totalIsLineAmountInCatalogueCurrency() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-dollar", 3)))
                .expectEvents(new OrderPlacedEvent(ID, CUSTOMER,
                        List.of(new OrderLine("p-dollar", "Imported mug", 3, Money.of("5.00", "USD"))),
                        Money.of("15.00", "USD"), PLACED_AT));
    }

    @Test
    void place_sameProductTwice_keepsBothLines() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-mug", 1), new RequestedLine("p-mug", 1)))
                .expectEvents(new OrderPlacedEvent(ID, CUSTOMER,
                        List.of(new OrderLine("p-mug", "Mug", 1, MUG_PRICE), new OrderLine("p-mug", "Mug", 1, MUG_PRICE)),
                        Money.of("9.00", "EUR"), PLACED_AT));
    }

    @Test
    void place_withoutPlacedAt_stampsCurrentTime() {
        Instant before = Instant.now();
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, CUSTOMER, List.of(new RequestedLine("p-mug", 1)), null))
                .expectSuccessfulHandlerExecution()
                .expectEventsMatching(new TypeSafeMatcher<List<EventMessage<?>>>() {
                    @Override
                    protected boolean matchesSafely(List<EventMessage<?>> events) {
                        return events.size() == 1 && events.get(0).getPayload() instanceof OrderPlacedEvent e
                                && e.placedAt() != null && !e.placedAt().isBefore(before)
                                && !e.placedAt().isAfter(Instant.now())
                                && e.equals(new OrderPlacedEvent(ID, CUSTOMER, List.of(new OrderLine("p-mug", "Mug", 1, MUG_PRICE)),
                                        MUG_PRICE, e.placedAt()));
                    }

                    @Override
                    public void describeTo(Description d) {
                        d.appendText("one OrderPlacedEvent stamped between ").appendValue(before).appendText(" and now");
                    }
                });
    }

    @Test
    void place_unknownProduct_violatesProductUnknownOnItsLine() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-kettle", 1), new RequestedLine("p-nope", 1)))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("product-unknown", "lines[1].productId"))
                .expectExceptionMessage(containsString("p-nope"));
    }

    @Test
    void place_discontinuedProduct_violatesProductDiscontinuedOnItsLine() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-old", 1)))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("product-discontinued", "lines[0].productId"));
    }

    @Test
    void place_blankProductId_violatesRequiredOnItsLine() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-mug", 1), new RequestedLine(" ", 1)))
                .expectNoEvents()
                .expectException(violation("required", "lines[1].productId"));
    }

    @Test
    void place_zeroQuantity_violatesQuantityPositive() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-kettle", 0)))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("quantity-positive", "lines[0].quantity"));
    }

    @Test
    void place_negativeQuantity_violatesQuantityPositive() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-kettle", 1), new RequestedLine("p-mug", -2)))
                .expectNoEvents()
                .expectException(violation("quantity-positive", "lines[1].quantity"));
    }

    @Test
    void place_zeroCataloguePrice_violatesPricePositive() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-free", 1)))
                .expectNoEvents()
                .expectException(violation("price-positive", "lines[0].unitPrice"));
    }

    @Test
    void place_noLines_violatesRequiredLines() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, CUSTOMER, List.of(), PLACED_AT))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("required", "lines"));
    }

    @Test
    void place_nullLines_violatesRequiredLines() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, CUSTOMER, null, PLACED_AT))
                .expectNoEvents()
                .expectException(violation("required", "lines"));
    }

    @Test
    void place_blankCustomer_violatesRequiredCustomerId() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, "  ", List.of(new RequestedLine("p-mug", 1)), PLACED_AT))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("required", "customerId"));
    }

    @Test
    void place_nullCustomer_violatesRequiredCustomerId() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, null, List.of(new RequestedLine("p-mug", 1)), PLACED_AT))
                .expectNoEvents()
                .expectException(violation("required", "customerId"));
    }

    @Test
    void place_mixedCurrencies_violatesSingleCurrency() {
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-mug", 1), new RequestedLine("p-dollar", 1)))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("single-currency", "lines"));
    }

    @Test
    void place_nulInCustomerId_violatesControlCharacter() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, "c\u00001", List.of(new RequestedLine("p-mug", 1)), PLACED_AT))
                .expectNoEvents()
                .expectException(violation("control-character", "customerId"));
    }

    @Test
    void place_customerIdLongerThanTheRowStoreHolds_violatesTooLong() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, "c".repeat(65), List.of(new RequestedLine("p-mug", 1)), PLACED_AT))
                .expectNoEvents()
                .expectException(violation("too-long", "customerId"));
    }

    @Test
    void place_totalAboveWhatEveryStoreKeeps_violatesTotalTooLarge() {
        // 999,999,999.99 x 1,001 = 1,000,999,999,989.99: one cent-exact line past NUMERIC(14, 2)
        catalog.put(new ProductCatalog.CatalogEntry("p-gold", "Gold bar", Money.of("999999999.99", "EUR"), false));
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-gold", 1_001)))
                .expectNoEvents()
                .expectException(violation("total-too-large", "lines"))
                .expectExceptionMessage(containsString("1000999999989.99"));
    }

    @Test
    void place_totalExactlyWhatEveryStoreKeeps_emitsPlaced() {
        catalog.put(new ProductCatalog.CatalogEntry("p-max", "Everything", new Money(Money.MAX_AMOUNT, "EUR"), false));
        fixture.givenNoPriorActivity()
                .when(place(new RequestedLine("p-max", 1)))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderPlacedEvent(ID, CUSTOMER,
                        List.of(new OrderLine("p-max", "Everything", 1, new Money(Money.MAX_AMOUNT, "EUR"))),
                        new Money(Money.MAX_AMOUNT, "EUR"), PLACED_AT));
    }

    @Test
    void place_placedAtBeyondYear9999_violatesOutOfRange() {
        fixture.givenNoPriorActivity()
                .when(new PlaceOrderCommand(ID, CUSTOMER, List.of(new RequestedLine("p-mug", 1)), Instant.MAX))
                .expectNoEvents()
                .expectException(violation("out-of-range", "placedAt"));
    }

    // ---- pay ---------------------------------------------------------------------------------------------

    @Test
    void pay_placed_emitsPaidWithTotalAndReturnsNewVersion() {
        fixture.given(placed())
                .when(new PayOrderCommand(ID, 0L, PAID_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderPaidEvent(ID, TOTAL, PAID_AT))
                .expectResultMessagePayload(1L);
    }

    @Test
    void pay_twice_violatesIllegalTransition() {
        fixture.given(placed(), paid())
                .when(new PayOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot pay order o-1 while it is paid");
    }

    @Test
    void pay_shipped_violatesIllegalTransition() {
        fixture.given(placed(), paid(), shipped())
                .when(new PayOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null));
    }

    @Test
    void pay_cancelled_violatesIllegalTransition() {
        fixture.given(placed(), cancelled())
                .when(new PayOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot pay order o-1 while it is cancelled");
    }

    @Test
    void pay_staleExpectedVersionWhileCancelled_reportsIllegalTransitionBeforeVersionConflict() {
        // Axon checks the expected version only after the handler ran, so the handler's refusal wins
        fixture.given(placed(), cancelled())
                .when(new PayOrderCommand(ID, 0L))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null));
    }

    @Test
    void pay_atAFutureTime_violatesNotInFuture() {
        fixture.given(placed())
                .when(new PayOrderCommand(ID, null, Instant.now().plusSeconds(3_600)))
                .expectNoEvents()
                .expectException(violation("not-in-future", "paidAt"));
    }

    @Test
    void pay_beforeThePlacement_violatesOutOfOrder() {
        fixture.given(placed())
                .when(new PayOrderCommand(ID, null, PLACED_AT.minusSeconds(1)))
                .expectNoEvents()
                .expectException(violation("out-of-order", "paidAt"));
    }

    // ---- ship --------------------------------------------------------------------------------------------

    @Test
    void ship_beforePay_violatesIllegalTransition() {
        fixture.given(placed())
                .when(new ShipOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot ship order o-1 while it is placed");
    }

    @Test
    void ship_paid_emitsShippedAndReturnsNewVersion() {
        fixture.given(placed(), paid())
                .when(new ShipOrderCommand(ID, 1L, SHIPPED_AT))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderShippedEvent(ID, SHIPPED_AT))
                .expectResultMessagePayload(2L);
    }

    @Test
    void ship_twice_violatesIllegalTransition() {
        fixture.given(placed(), paid(), shipped())
                .when(new ShipOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null));
    }

    @Test
    void ship_cancelled_violatesIllegalTransition() {
        fixture.given(placed(), paid(), cancelled())
                .when(new ShipOrderCommand(ID, null))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot ship order o-1 while it is cancelled");
    }

    @Test
    void ship_beforeThePayment_violatesOutOfOrder() {
        fixture.given(placed(), paid())
                .when(new ShipOrderCommand(ID, null, PAID_AT.minusSeconds(60)))
                .expectNoEvents()
                .expectException(violation("out-of-order", "shippedAt"));
    }

    // ---- cancel ------------------------------------------------------------------------------------------

    @Test
    void cancel_placed_emitsCancelledWithReasonAndReturnsNewVersion() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ID, 0L, "changed my mind"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelledEvent(ID, "changed my mind"))
                .expectResultMessagePayload(1L);
    }

    @Test
    void cancel_multiLineReason_emitsCancelled() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ID, 0L, "out of stock:\n\twaiting for the supplier"))
                .expectEvents(new OrderCancelledEvent(ID, "out of stock:\n\twaiting for the supplier"));
    }

    @Test
    void cancel_nulInReason_violatesControlCharacterOnReason() {
        fixture.given(placed())
                .when(new CancelOrderCommand(ID, 0L, "no\u0000"))
                .expectNoEvents()
                .expectException(violation("control-character", "reason"));
    }

    @Test
    void cancel_paid_emitsCancelledAndReturnsNewVersion() {
        fixture.given(placed(), paid())
                .when(new CancelOrderCommand(ID, null, "out of stock"))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new OrderCancelledEvent(ID, "out of stock"))
                .expectResultMessagePayload(2L);
    }

    @Test
    void cancel_shipped_violatesIllegalTransition() {
        fixture.given(placed(), paid(), shipped())
                .when(new CancelOrderCommand(ID, null, "too late"))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot cancel order o-1 while it is shipped");
    }

    @Test
    void cancel_twice_violatesIllegalTransition() {
        fixture.given(placed(), cancelled())
                .when(new CancelOrderCommand(ID, null, "again"))
                .expectNoEvents()
                .expectException(violation("illegal-transition", null))
                .expectExceptionMessage("cannot cancel order o-1 while it is cancelled");
    }

    @Test
    void cancel_staleExpectedVersion_conflictsOnVersion() {
        fixture.given(placed(), paid())
                .when(new CancelOrderCommand(ID, 0L, "stale"))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static PlaceOrderCommand place(RequestedLine... lines) {
        return new PlaceOrderCommand(ID, CUSTOMER, List.of(lines), PLACED_AT);
    }

    private static OrderPlacedEvent placed() {
        return new OrderPlacedEvent(ID, CUSTOMER, LINES, TOTAL, PLACED_AT);
    }

    private static OrderPaidEvent paid() {
        return new OrderPaidEvent(ID, TOTAL, PAID_AT);
    }

    private static OrderShippedEvent shipped() {
        return new OrderShippedEvent(ID, SHIPPED_AT);
    }

    private static OrderCancelledEvent cancelled() {
        return new OrderCancelledEvent(ID, "test");
    }


    /** The catalogue as a plain map, standing in for the catalogue read model. */
    private static final class MapCatalog implements ProductCatalog {
        private final Map<String, CatalogEntry> entries = new HashMap<>();

        void put(CatalogEntry entry) {
            entries.put(entry.productId(), entry);
        }

        @Override
        public Map<String, CatalogEntry> find(Collection<String> productIds) {
            Map<String, CatalogEntry> found = new HashMap<>();
            productIds.stream().filter(entries::containsKey).forEach(id -> found.put(id, entries.get(id)));
            return found;
        }
    }
}
