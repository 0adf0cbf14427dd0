package io.seamline.product;

import io.seamline.domain.Money;
import io.seamline.domain.RuleViolation;
import io.seamline.domain.Text;

import java.util.Map;
import java.util.TreeMap;

/** The product invariants, in one place for both creation and updates. */
final class ProductRules {
    private ProductRules() {
    }

    /**
     * The optional text fields of a product as the stores can hold them (see {@link Text}; the required ones are checked
     * where they are required); null stands for "not given". The description is the only multi-line field; attribute
     * keys and values are single-line labels.
     */
    static void requireStorableText(String description, String category, Map<String, String> attributes) {
        Text.multiLine("description", description);
        Text.singleLine("category", category, Text.CATEGORY);
        if (attributes != null) {
            attributes.forEach((key, value) -> {
                // the key cannot name the field it breaks: it may be the broken text itself
                Text.singleLine("attributes", key, Integer.MAX_VALUE);
                Text.singleLine("attributes." + key, value, Integer.MAX_VALUE);
            });
        }
    }

    static void requirePositive(Money price) {
        if (price == null) {
            throw new RuleViolation("required", "price", "price is required");
        }
        if (!price.positive()) {
            throw new RuleViolation("price-positive", "price.amount", "price must be greater than zero");
        }
        if (!price.storable()) {
            throw new RuleViolation("too-large", "price.amount", "price must be at most " + Money.MAX_AMOUNT
                    + ", the largest amount every store keeps");
        }
    }

    /** A stable (sorted) copy, so equal attribute maps serialize to equal events. */
    static Map<String, String> attributes(Map<String, String> attributes) {
        return attributes == null ? Map.of() : new TreeMap<>(attributes);
    }
}
