package io.seamline.http;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A client's price checked into Money: an ISO 4217 currency, and never more decimals than it has. */
class PriceTest {

    private static Money money(String amount, String currency) {
        return new ProductRequests.Price(new BigDecimal(amount), currency).toMoney();
    }

    private static RuleViolation refused(String amount, String currency) {
        return assertThrows(RuleViolation.class, () -> money(amount, currency));
    }

    @Test
    void isoCurrency_isAccepted_inCapitals() {
        assertEquals(Money.of("34.99", "USD"), money("34.99", "usd"));
        assertEquals(Money.of("5", "CHF"), money("5", "CHF"));
    }

    @Test
    void threeLettersThatAreNoCurrency_areRefusedNamingTheCurrency() {
        for (String code : new String[]{"ABC", "EURO", "EU", "", " ", "XYZ"}) {
            RuleViolation refused = refused("1", code);
            assertEquals("currency-invalid", refused.rule(), code);
            assertEquals("price.currency", refused.field(), code);
        }
        assertEquals("currency-invalid", refused("1", null).rule());
    }

    @Test
    void codesWithoutAMinorUnit_goldTestingNoCurrency_areRefused() {
        for (String code : new String[]{"XAU", "XTS", "XXX"}) {
            assertEquals("currency-invalid", refused("1", code).rule(), code);
        }
    }

    @Test
    void yen_takeNoDecimals_soAFractionIsRefusedNotRounded() {
        assertEquals(Money.of("1500", "JPY"), money("1500", "JPY"));
        assertEquals(Money.of("1500", "JPY"), money("1500.00", "JPY"));
        RuleViolation refused = refused("1500.5", "JPY");
        assertEquals("amount-precision", refused.rule());
        assertEquals("price.amount", refused.field());
        assertThat(refused.getMessage()).contains("JPY amounts take no decimals");
    }

    @Test
    void euro_takesTwoDecimals() {
        assertEquals(Money.of("1.05", "EUR"), money("1.050", "EUR"));
        assertEquals("amount-precision", refused("1.005", "EUR").rule());
    }

    @Test
    void currenciesWithThreeDecimals_areKeptToTheCent_asTheStoresHoldThem() {
        assertEquals(Money.of("1.25", "BHD"), money("1.25", "BHD"));
        assertEquals("amount-precision", refused("1.255", "BHD").rule());
    }
}
