package io.seamline.product;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;

import java.util.Map;
import java.util.TreeMap;

/** The product invariants, in one place for both creation and updates. */
final class ProductRules {
    private ProductRules() {
    }

    static void requireText(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new RuleViolation("required", field, field + " is required");
        }
    }

    static void requirePositive(Money price) {
        if (price == null) {
            throw new RuleViolation("required", "price", "price is required");
        }
        if (!price.positive()) {
            throw new RuleViolation("price-positive", "price.amount", "price must be greater than zero");
        }
    }

    /** A stable (sorted) copy, so equal attribute maps serialize to equal events. */
    static Map<String, String> attributes(Map<String, String> attributes) {
        return attributes == null ? Map.of() : new TreeMap<>(attributes);
    }
}
