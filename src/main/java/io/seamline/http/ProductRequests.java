package io.seamline.http;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;

import java.math.BigDecimal;
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
            return new Money(amount, currency == null ? null : currency.toUpperCase());
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
