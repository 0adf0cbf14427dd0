package io.seamline.product.api;

/** Every event of a product, so consumers can switch over them exhaustively. */
public sealed interface ProductEvent permits ProductCreatedEvent, ProductUpdatedEvent, ProductDiscontinuedEvent {
    String productId();
}
