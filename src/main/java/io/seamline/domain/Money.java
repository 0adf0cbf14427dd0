package io.seamline.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/** An amount in an ISO-4217 currency, kept to the cent. */
public record Money(BigDecimal amount, String currency) {

    /**
     * The largest amount every store keeps exactly: the row store's {@code NUMERIC(14, 2)} (price and order total) is
     * the narrowest; the warehouse's money columns are {@code DECIMAL(18, 2)}. The aggregates refuse a price or an
     * order total above it (and every line of an order is at most its total). MoneyLimitsTest reads the stores' types.
     */
    public static final BigDecimal MAX_AMOUNT = new BigDecimal("999999999999.99");

    // compiled once: every event with a price constructs Money when it is read
    private static final Pattern ISO_CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        if (amount == null) {
            throw new RuleViolation("price-required", "price.amount", "an amount is required");
        }
        if (currency == null || !ISO_CURRENCY.matcher(currency).matches()) {
            throw new RuleViolation("currency-invalid", "price.currency", "currency must be a three-letter ISO code");
        }
        if (amount.scale() > 2 && amount.stripTrailingZeros().scale() > 2) {
            throw new RuleViolation("amount-precision", "price.amount", "amounts are kept to the cent");
        }
        amount = amount.setScale(2, RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), currency);
    }

    /** Whether every store can keep this amount ({@link #MAX_AMOUNT}). */
    public boolean storable() {
        return amount.compareTo(MAX_AMOUNT) <= 0;
    }

    public boolean positive() {
        return amount.signum() > 0;
    }

    public Money times(int quantity) {
        return new Money(amount.multiply(BigDecimal.valueOf(quantity)), currency);
    }

    public Money plus(Money other) {
        if (!currency.equals(other.currency)) {
            throw new RuleViolation("single-currency", "lines", "all lines of an order must be in one currency");
        }
        return new Money(amount.add(other.amount), currency);
    }
}
