package io.seamline.product;

import io.seamline.domain.Conflict;
import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.product.api.UpdateProductCommand;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.TypeSafeMatcher;
import org.hamcrest.Matcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

import static io.seamline.support.RuleViolationMatcher.violation;
import static org.hamcrest.Matchers.containsString;

/** Unit tests of every command, invariant and transition of the {@link Product} aggregate on Axon's test fixture. */
class ProductTest {

    private static final String ID = "p-1";
    private static final String SKU = "KET-001";
    private static final Money PRICE = Money.of("19.99", "EUR");
    private static final Map<String, String> ATTRIBUTES = Map.of("color", "red", "size", "L");

    private final Set<String> claimedSkus = new HashSet<>();
    private SkuRegistry skuRegistry;
    private AggregateTestFixture<Product> fixture;

    @BeforeEach
    void setUp() {
        skuRegistry = new SkuRegistry(() -> fakeConnection(claimedSkus));
        fixture = newFixture();
    }

    private AggregateTestFixture<Product> newFixture() {
        AggregateTestFixture<Product> f = new AggregateTestFixture<>(Product.class);
        f.registerAnnotatedCommandHandler(new ProductCommandHandler(f.getRepository(), skuRegistry));
        return f;
    }

    // ---- create ------------------------------------------------------------------------------------------

    @Test
    void create_validCommand_emitsCreatedEventWithSortedAttributesAndReturnsId() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("size", "L");
        unsorted.put("color", "red");
        unsorted.put("brand", "Acme");

        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", "Steel", "Kitchen", PRICE, unsorted))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductCreatedEvent(ID, SKU, "Kettle", "Steel", "Kitchen", PRICE, unsorted))
                .expectEventsMatching(singlePayload(ProductCreatedEvent.class, "attributes in key order brand, color, size",
                        e -> List.copyOf(e.attributes().keySet()).equals(List.of("brand", "color", "size"))))
                .expectResultMessagePayload(ID)
                .expectNotMarkedDeleted();
    }

    @Test
    void create_nullAttributes_emitsEmptyAttributes() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, null))
                .expectEvents(new ProductCreatedEvent(ID, SKU, "Kettle", null, null, PRICE, Map.of()));
    }

    @Test
    void create_validCommand_claimsSku() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectSuccessfulHandlerExecution();
        if (!claimedSkus.contains(SKU)) {
            throw new AssertionError("SKU " + SKU + " was not claimed");
        }
    }

    @Test
    void create_blankTitle_violatesRequiredTitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "  ", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("required", "title"))
                .expectExceptionMessage("title is required");
    }

    @Test
    void create_nullTitle_violatesRequiredTitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, null, null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("required", "title"));
    }

    @Test
    void create_blankSku_violatesRequiredSku() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, "", "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("required", "sku"));
    }

    @Test
    void create_missingPrice_violatesRequiredPrice() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, null, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("required", "price"));
    }

    @Test
    void create_zeroPrice_violatesPricePositive() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, Money.of("0", "EUR"), ATTRIBUTES))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("price-positive", "price.amount"))
                .expectExceptionMessage(containsString("greater than zero"));
    }

    @Test
    void create_negativePrice_violatesPricePositive() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, Money.of("-1.50", "EUR"), ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("price-positive", "price.amount"));
    }

    @Test
    void create_duplicateSku_conflictsOnSkuUnique() {
        skuRegistry.claim(SKU, "p-other");

        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(Conflict.class)
                .expectException(violation("sku-unique", "sku"))
                .expectExceptionMessage(containsString(SKU));
    }

    @Test
    void create_secondProductWithSameSku_conflictsOnSkuUnique() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectSuccessfulHandlerExecution();

        newFixture().givenNoPriorActivity()
                .when(new CreateProductCommand("p-2", SKU, "Other kettle", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(Conflict.class)
                .expectException(violation("sku-unique", "sku"));
    }

    @Test
    void create_invalidCommand_claimsNoSku() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "", null, null, PRICE, ATTRIBUTES))
                .expectException(violation("required", "title"));

        // the rejected command left the SKU free, so a valid product may take it
        newFixture().givenNoPriorActivity()
                .when(new CreateProductCommand("p-2", SKU, "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductCreatedEvent("p-2", SKU, "Kettle", null, null, PRICE, ATTRIBUTES));
    }

    // ---- text the stores can hold --------------------------------------------------------------------------

    @Test
    void create_nulInTitle_violatesControlCharacterOnTitle() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Ket\u0000tle", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("control-character", "title"))
                .expectExceptionMessage(containsString("U+0000 at index 3"));
    }

    @Test
    void create_lineBreakInTitle_violatesControlCharacter_itIsSingleLine() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle\nsteel", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("control-character", "title"));
    }

    @Test
    void create_tabsAndLineBreaksInDescription_emitsCreated() {
        String description = "Steel\tbody\r\n1.7 l\n";
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", description, null, PRICE, ATTRIBUTES))
                .expectEvents(new ProductCreatedEvent(ID, SKU, "Kettle", description, null, PRICE, ATTRIBUTES));
    }

    @Test
    void create_bellInDescription_violatesControlCharacterOnDescription() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", "ring \u0007", null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("control-character", "description"));
    }

    @Test
    void create_c1ControlInCategory_violatesControlCharacterOnCategory() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, "Home\u0085Kitchen", PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("control-character", "category"));
    }

    @Test
    void create_loneSurrogateInTitle_violatesInvalidText() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle \uD83D", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("invalid-text", "title"))
                .expectExceptionMessage(containsString("U+D83D"));
    }

    @Test
    void create_surrogatePairInTitle_emitsCreated() {
        String title = "Kettle \uD83D\uDE00"; // an emoji: a valid pair
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, title, null, null, PRICE, ATTRIBUTES))
                .expectEvents(new ProductCreatedEvent(ID, SKU, title, null, null, PRICE, ATTRIBUTES));
    }

    @Test
    void create_nulInAttributeValue_violatesControlCharacterOnThatAttribute() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, Map.of("color", "re\u0000d")))
                .expectNoEvents()
                .expectException(violation("control-character", "attributes.color"));
    }

    @Test
    void create_controlCharacterInAttributeKey_violatesControlCharacterOnAttributes() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, PRICE, Map.of("col\u001For", "red")))
                .expectNoEvents()
                .expectException(violation("control-character", "attributes"));
    }

    @Test
    void create_skuLongerThanTheRowStoreHolds_violatesTooLong() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, "S".repeat(65), "Kettle", null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("too-long", "sku"));
    }

    @Test
    void create_titleLongerThanTheRowStoreHolds_violatesTooLong() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "t".repeat(501), null, null, PRICE, ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("too-long", "title"));
    }

    @Test
    void create_priceAboveWhatEveryStoreKeeps_violatesTooLarge() {
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, Money.of("1000000000000.00", "EUR"),
                        ATTRIBUTES))
                .expectNoEvents()
                .expectException(violation("too-large", "price.amount"));
    }

    @Test
    void create_priceAtWhatEveryStoreKeeps_emitsCreated() {
        Money largest = new Money(Money.MAX_AMOUNT, "EUR");
        fixture.givenNoPriorActivity()
                .when(new CreateProductCommand(ID, SKU, "Kettle", null, null, largest, ATTRIBUTES))
                .expectEvents(new ProductCreatedEvent(ID, SKU, "Kettle", null, null, largest, ATTRIBUTES));
    }

    @Test
    void update_nulInDescription_violatesControlCharacterAndAppendsNothing() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, "Cop\u0000per", null, null, null))
                .expectNoEvents()
                .expectException(violation("control-character", "description"));
    }

    @Test
    void update_nulInAttributeValue_violatesControlCharacterOnThatAttribute() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, null, Map.of("size", "\u0000")))
                .expectNoEvents()
                .expectException(violation("control-character", "attributes.size"));
    }

    // ---- update ------------------------------------------------------------------------------------------

    @Test
    void update_changedFields_emitsOnlyChangesAndReturnsNewVersion() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, "Kettle", "Copper", null, Money.of("24.50", "EUR"), null))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductUpdatedEvent(ID, null, "Copper", null, Money.of("24.50", "EUR"), null))
                .expectResultMessagePayload(1L);
    }

    @Test
    void update_everyField_emitsEveryField() {
        Map<String, String> attributes = Map.of("color", "blue");
        fixture.given(created())
                .when(new UpdateProductCommand(ID, 0L, "Jug", "Glass", "Tableware", Money.of("5", "EUR"), attributes))
                .expectEvents(new ProductUpdatedEvent(ID, "Jug", "Glass", "Tableware", Money.of("5.00", "EUR"), attributes))
                .expectResultMessagePayload(1L);
    }

    @Test
    void update_afterEarlierUpdate_comparesWithLatestState() {
        fixture.given(created(), new ProductUpdatedEvent(ID, "Jug", null, null, null, null))
                .when(new UpdateProductCommand(ID, null, "Jug", null, null, PRICE, null))
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void update_identicalValues_appendsNothingAndReturnsCurrentVersion() {
        fixture.given(created(), new ProductUpdatedEvent(ID, null, "Copper", null, null, null))
                .when(new UpdateProductCommand(ID, null, "Kettle", "Copper", "Kitchen", PRICE, ATTRIBUTES))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(1L);
    }

    @Test
    void update_allFieldsNull_appendsNothingAndReturnsCurrentVersion() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, null, null))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void update_samePriceWithOtherScale_appendsNothing() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, new Money(new BigDecimal("19.990"), "EUR"), null))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void update_sameAttributesInOtherOrder_appendsNothing() {
        Map<String, String> reordered = new LinkedHashMap<>();
        reordered.put("size", "L");
        reordered.put("color", "red");
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, null, reordered))
                .expectNoEvents()
                .expectResultMessagePayload(0L);
    }

    @Test
    void update_samePriceInOtherCurrency_emitsPriceChange() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, Money.of("19.99", "USD"), null))
                .expectEvents(new ProductUpdatedEvent(ID, null, null, null, Money.of("19.99", "USD"), null));
    }

    @Test
    void update_blankTitle_violatesRequiredTitle() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, " ", null, null, null, null))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("required", "title"));
    }

    @Test
    void update_zeroPrice_violatesPricePositive() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, Money.of("0.00", "EUR"), null))
                .expectNoEvents()
                .expectException(violation("price-positive", "price.amount"));
    }

    @Test
    void update_negativePrice_violatesPricePositive() {
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, Money.of("-3", "EUR"), null))
                .expectNoEvents()
                .expectException(violation("price-positive", "price.amount"));
    }

    @Test
    void update_afterDiscontinue_violatesProductDiscontinued() {
        fixture.given(created(), new ProductDiscontinuedEvent(ID))
                .when(new UpdateProductCommand(ID, null, "New title", null, null, null, null))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("product-discontinued", null))
                .expectExceptionMessage(containsString("discontinued"));
    }

    @Test
    void update_afterDiscontinueWithNothingChanged_stillViolatesProductDiscontinued() {
        fixture.given(created(), new ProductDiscontinuedEvent(ID))
                .when(new UpdateProductCommand(ID, null, null, null, null, null, null))
                .expectNoEvents()
                .expectException(violation("product-discontinued", null));
    }

    @Test
    void update_staleExpectedVersion_conflictsOnVersion() {
        fixture.given(created(), new ProductUpdatedEvent(ID, "Jug", null, null, null, null))
                .when(new UpdateProductCommand(ID, 0L, "Pot", null, null, null, null))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void update_staleExpectedVersionNothingChanged_conflictsOnVersion() {
        fixture.given(created(), new ProductUpdatedEvent(ID, "Jug", null, null, null, null))
                .when(new UpdateProductCommand(ID, 0L, "Jug", null, null, null, null))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    @Test
    void update_unsortedAttributes_emitsSortedAttributes() {
        Map<String, String> unsorted = new LinkedHashMap<>();
        unsorted.put("size", "XL");
        unsorted.put("brand", "Acme");
        fixture.given(created())
                .when(new UpdateProductCommand(ID, null, null, null, null, null, unsorted))
                .expectEvents(new ProductUpdatedEvent(ID, null, null, null, null, Map.of("brand", "Acme", "size", "XL")))
                .expectEventsMatching(singlePayload(ProductUpdatedEvent.class, "attributes in key order brand, size",
                        e -> List.copyOf(e.attributes().keySet()).equals(List.of("brand", "size"))));
    }

    // ---- discontinue -------------------------------------------------------------------------------------

    @Test
    void discontinue_onSale_emitsDiscontinuedAndReturnsNewVersion() {
        fixture.given(created())
                .when(new DiscontinueProductCommand(ID, 0L))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ProductDiscontinuedEvent(ID))
                .expectResultMessagePayload(1L)
                .expectNotMarkedDeleted();
    }

    @Test
    void discontinue_afterUpdates_returnsNextVersion() {
        fixture.given(created(), new ProductUpdatedEvent(ID, "Jug", null, null, null, null),
                        new ProductUpdatedEvent(ID, null, "Glass", null, null, null))
                .when(new DiscontinueProductCommand(ID, null))
                .expectEvents(new ProductDiscontinuedEvent(ID))
                .expectResultMessagePayload(3L);
    }

    @Test
    void discontinue_twice_violatesProductDiscontinued() {
        fixture.given(created(), new ProductDiscontinuedEvent(ID))
                .when(new DiscontinueProductCommand(ID, null))
                .expectNoEvents()
                .expectException(RuleViolation.class)
                .expectException(violation("product-discontinued", null));
    }

    @Test
    void discontinue_staleExpectedVersion_conflictsOnVersion() {
        fixture.given(created(), new ProductUpdatedEvent(ID, "Jug", null, null, null, null))
                .when(new DiscontinueProductCommand(ID, 0L))
                .expectNoEvents()
                .expectException(ConflictingAggregateVersionException.class);
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private static ProductCreatedEvent created() {
        return new ProductCreatedEvent(ID, SKU, "Kettle", "Steel", "Kitchen", PRICE, new TreeMap<>(ATTRIBUTES));
    }


    /** Exactly one event, whose payload is of this type and satisfies the check. */
    static <E> Matcher<List<EventMessage<?>>> singlePayload(Class<E> type, String what, Predicate<E> check) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(List<EventMessage<?>> events) {
                return events.size() == 1 && type.isInstance(events.get(0).getPayload())
                        && check.test(type.cast(events.get(0).getPayload()));
            }

            @Override
            public void describeTo(Description d) {
                d.appendText("one " + type.getSimpleName() + " with " + what);
            }
        };
    }

    /**
     * A JDBC connection double for {@link SkuRegistry}: the insert of a SKU reports one row the first time the
     * SKU is seen and none after, as {@code insert ... on conflict do nothing} does.
     */
    private static Connection fakeConnection(Set<String> claimed) {
        return (Connection) Proxy.newProxyInstance(ProductTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "prepareStatement" -> fakeInsert(claimed);
                    case "close" -> null;
                    default -> throw new AssertionError("the SKU claim used Connection." + method.getName() + ", which this fake does not model");
                });
    }

    private static PreparedStatement fakeInsert(Set<String> claimed) {
        String[] sku = new String[1];
        return (PreparedStatement) Proxy.newProxyInstance(ProductTest.class.getClassLoader(),
                new Class<?>[]{PreparedStatement.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "setString" -> {
                        if ((Integer) args[0] == 1) {
                            sku[0] = (String) args[1];
                        }
                        yield null;
                    }
                    case "executeUpdate" -> claimed.add(sku[0]) ? 1 : 0;
                    case "close" -> null;
                    default -> throw new AssertionError("the SKU claim used PreparedStatement." + method.getName() + ", which this fake does not model");
                });
    }
}
