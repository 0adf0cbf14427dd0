package io.seamline.seam.event;

import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import org.axonframework.serialization.Revision;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The event catalogue in code: every event class with its public type name (the class name without
 * "Event") and its current schema version, which names its JSON Schema {@code eventstore/events/<Type>.v<N>.json}.
 */
public final class EventTypes {

    public static final List<Class<?>> ALL = List.of(
            ProductCreatedEvent.class, ProductUpdatedEvent.class, ProductDiscontinuedEvent.class,
            OrderPlacedEvent.class, OrderPaidEvent.class, OrderShippedEvent.class, OrderCancelledEvent.class);

    // the relay names every event it sends: derive each class's name once
    private static final ClassValue<String> TYPE_NAMES = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> eventClass) {
            String name = eventClass.getSimpleName();
            return name.endsWith("Event") ? name.substring(0, name.length() - "Event".length()) : name;
        }
    };

    private static final Map<String, Class<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(EventTypes::typeName, Function.identity()));

    private EventTypes() {
    }

    public static String typeName(Class<?> eventClass) {
        return TYPE_NAMES.get(eventClass);
    }

    public static int version(Class<?> eventClass) {
        Revision revision = eventClass.getAnnotation(Revision.class);
        return revision == null ? 1 : Integer.parseInt(revision.value());
    }

    public static Optional<Class<?>> byName(String typeName) {
        return Optional.ofNullable(BY_NAME.get(typeName));
    }

    public static String aggregateType(Class<?> eventClass) {
        return eventClass.getSimpleName().startsWith("Product") ? "Product" : "Order";
    }
}
