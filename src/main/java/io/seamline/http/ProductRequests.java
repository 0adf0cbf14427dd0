package io.seamline.http;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;

import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.Map;

/** The JSON bodies of the product endpoints. */
public final class ProductRequests {
    private ProductRequests() {
    }

    /** A price as sent by clients: validated into {@link Money}. */
    public record Price(BigDecimal amount, String currency) {
        Money toMoney() {
            if (amount == null) {
                throw new RuleViolation("required", "price.amount", "price.amount is required");
            }
            if (amount.signum() <= 0) {
                throw new RuleViolation("price-positive", "price.amount", "price must be greater than zero");
            }
            if (amount.compareTo(new BigDecimal("1000000000")) >= 0) {
                throw new RuleViolation("too-large", "price.amount", "price must be below 1,000,000,000");
            }
            Currency iso = isoCurrency(currency);
            // the stores keep amounts to the cent, so a currency with more minor digits (BHD: 3) gets 2
            int digits = Math.min(iso.getDefaultFractionDigits(), 2);
            if (amount.stripTrailingZeros().scale() > digits) {
                throw new RuleViolation("amount-precision", "price.amount", iso.getCurrencyCode() + " amounts take "
                        + (digits == 0 ? "no decimals" : "at most " + digits + " decimals") + ", got " + amount);
            }
            return new Money(amount, iso.getCurrencyCode());
        }

        /**
         * A currency ISO 4217 lists with a minor unit. Codes without one (gold XAU, the test code XTS, "no currency"
         * XXX) are not money a product can be priced in.
         */
        private static Currency isoCurrency(String code) {
            Currency iso = null;
            if (code != null && code.strip().length() == 3) {
                try {
                    iso = Currency.getInstance(code.strip().toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException unknown) {
                    // refused below
                }
            }
            if (iso == null || iso.getDefaultFractionDigits() < 0) {
                throw new RuleViolation("currency-invalid", "price.currency",
                        "currency must be an ISO 4217 currency code such as EUR or USD");
            }
            return iso;
        }
    }

    /** POST /api/products. */
    public record Create(String sku, String title, String description, String category, Price price,
                         Map<String, String> attributes) {
    }

    /** PATCH /api/products/{id}: any subset of the fields; an absent field stays as it is. */
    public record Patch(String sku, String title, String description, String category, Price price,
                        Map<String, String> attributes) {
    }
}
