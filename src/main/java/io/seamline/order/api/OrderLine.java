package io.seamline.order.api;

import io.seamline.domain.Money;

/** An ordered product with the title and unit price it had in the catalogue when the order was placed. */
public record OrderLine(String productId, String title, int quantity, Money unitPrice) {

    public Money amount() {
        return unitPrice.times(quantity);
    }
}
