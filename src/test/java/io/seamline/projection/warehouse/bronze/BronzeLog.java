package io.seamline.projection.warehouse.bronze;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.seamline.order.api.OrderEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductEvent;
import io.seamline.seam.event.EventTypes;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Appends events as the event store would: per-aggregate sequences from 0, one global index, bronze rows. */
public final class BronzeLog {

    public static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private final Map<String, Long> sequences = new HashMap<>();
    private final List<BronzeEvent> events = new ArrayList<>();
    private long globalIndex;

    /** The bronze row of the next event; its id is stable, so redelivering the row redelivers the event. */
    public BronzeEvent append(Object event) {
        String aggregateId = switch (event) {
            case ProductEvent p -> p.productId();
            case OrderEvent o -> o.orderId();
            default -> throw new IllegalArgumentException(event.toString());
        };
        long sequence = sequences.merge(aggregateId, 0L, (a, b) -> a + 1);
        long index = ++globalIndex;
        // sub-microsecond digits on purpose: Arrow keeps microseconds, silver must truncate before storing
        Instant time = T0.plusSeconds(index).plusNanos(123_456_789);
        BronzeEvent bronze = bronze(event, aggregateId, sequence, index, time);
        events.add(bronze);
        return bronze;
    }

    public List<BronzeEvent> events() {
        return List.copyOf(events);
    }

    public static BronzeEvent bronze(Object event, String aggregateId, long sequence, long globalIndex, Instant time) {
        try {
            Class<?> type = event.getClass();
            return new BronzeEvent("ev-" + aggregateId + "-" + sequence, EventTypes.typeName(type),
                    EventTypes.version(type), EventTypes.aggregateType(type), aggregateId, sequence, globalIndex, time,
                    EventJson.mapper().writeValueAsString(event));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
