package io.seamline.product.api;

import org.axonframework.serialization.Revision;

/** A product was taken off sale for good. */
@Revision("1")
public record ProductDiscontinuedEvent(String productId) implements ProductEvent {
}
