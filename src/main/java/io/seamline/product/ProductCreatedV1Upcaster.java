package io.seamline.product;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.seamline.product.api.ProductCreatedEvent;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * ProductCreated v1 stored the price as a bare decimal number in US dollars; v2 stores
 * {@code {amount, currency}}. Old rows stay as they were written and are read as v2.
 */
public final class ProductCreatedV1Upcaster extends SingleEventUpcaster {

    static final String V1_CURRENCY = "USD";
    private static final SimpleSerializedType V1 = new SimpleSerializedType(ProductCreatedEvent.class.getName(), "1");
    private static final SimpleSerializedType V2 = new SimpleSerializedType(ProductCreatedEvent.class.getName(), "2");

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return V1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        return representation.upcastPayload(V2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            JsonNode amount = event.get("price");
            ObjectNode price = event.putObject("price");
            price.set("amount", amount);
            price.put("currency", V1_CURRENCY);
            return event;
        });
    }
}
