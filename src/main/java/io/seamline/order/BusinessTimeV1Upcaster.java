package io.seamline.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.axonframework.serialization.SimpleSerializedType;
import org.axonframework.serialization.upcasting.event.IntermediateEventRepresentation;
import org.axonframework.serialization.upcasting.event.SingleEventUpcaster;

/**
 * Reads a v1 order step that carried no time of its own as v2 with the time in {@code field}: v1's moment was the
 * time the event was stored, so that is what the field gets. Old rows stay as they were written.
 */
abstract class BusinessTimeV1Upcaster extends SingleEventUpcaster {

    private final SimpleSerializedType v1;
    private final SimpleSerializedType v2;
    private final String field;

    BusinessTimeV1Upcaster(Class<?> eventClass, String field) {
        this.v1 = new SimpleSerializedType(eventClass.getName(), "1");
        this.v2 = new SimpleSerializedType(eventClass.getName(), "2");
        this.field = field;
    }

    @Override
    protected boolean canUpcast(IntermediateEventRepresentation representation) {
        return v1.equals(representation.getType());
    }

    @Override
    protected IntermediateEventRepresentation doUpcast(IntermediateEventRepresentation representation) {
        String storedAt = representation.getTimestamp().toString();
        return representation.upcastPayload(v2, JsonNode.class, payload -> {
            ObjectNode event = (ObjectNode) payload;
            event.put(field, storedAt);
            return event;
        });
    }
}
