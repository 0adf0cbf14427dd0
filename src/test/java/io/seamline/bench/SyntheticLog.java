package io.seamline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.domain.Money;
import io.seamline.order.api.OrderCancelledEvent;
import io.seamline.order.api.OrderLine;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.order.api.OrderPlacedEvent;
import io.seamline.order.api.OrderShippedEvent;
import io.seamline.platform.EventJson;
import io.seamline.platform.KafkaClients;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A deterministic product-and-order history for the warehouse benchmark, as the relay would put it on the topic:
 * envelopes of the real event classes (so they pass the event schemas), keyed by aggregate id, in log order.
 * Orders are placed over the 90 days before {@link #NOW}; a share is paid, shipped or cancelled.
 */
final class SyntheticLog implements AutoCloseable {

    static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final String[] CATEGORIES = {"Kitchen", "Garden", "Toys", "Books", "Lighting", "Tools", "Audio",
            "Sports", "Beauty", "Office", "Pets", "Travel"};

    private final ObjectMapper json = EventJson.mapper();
    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final Random random = new Random(42);
    private final List<String> productIds = new ArrayList<>();
    private final Map<String, Money> prices = new HashMap<>();
    private final Map<String, String> titles = new HashMap<>();
    /** Orders still open, with their sequence so far, for later status events. */
    private final List<String> openOrders = new ArrayList<>();
    private final Map<String, Money> totals = new HashMap<>();
    private final Map<String, Long> sequences = new HashMap<>();
    private long globalIndex;
    private long events;
    private long lines;

    SyntheticLog(String bootstrapServers, String topic) {
        this.producer = KafkaClients.of(Map.of("bootstrap.servers", bootstrapServers)).producer(Map.of(
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"), new StringSerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    long events() {
        return events;
    }

    long lines() {
        return lines;
    }

    /**
     * The catalogue, then orders until {@code targetLines} order lines, with status changes along the way. As in
     * a real log, time moves forward with the log: each order is placed (and appended) a little after the last,
     * over the 90 days before {@link #NOW}.
     */
    void history(int products, long targetLines) {
        for (int i = 0; i < products; i++) {
            createProduct(NOW.minus(Duration.ofDays(120)).plusSeconds(i));
        }
        double expectedOrders = targetLines / 3.0; // 1 to 5 lines an order
        long stepMicros = (long) (Duration.ofDays(90).toNanos() / 1000 / expectedOrders);
        Instant clock = NOW.minus(Duration.ofDays(90));
        long placed = 0;
        while (lines < targetLines) {
            clock = clock.plus(stepMicros, java.time.temporal.ChronoUnit.MICROS);
            placeOrder(clock);
            placed++;
            if (placed % 500 == 0) {
                reprice(clock);
            }
            if (openOrders.size() > 64) {
                changeStatus(clock);
            }
        }
        producer.flush();
    }

    /** One commit's worth of today's business: new orders and status changes of recent ones. */
    void todaysBatch(int size) {
        long before = events;
        while (events - before < size) {
            if (random.nextInt(3) == 0 && !openOrders.isEmpty()) {
                changeStatus(NOW);
            } else {
                placeOrder(NOW.minusSeconds(random.nextInt(3_600)));
            }
        }
        producer.flush();
    }

    private void createProduct(Instant at) {
        String id = UUID.nameUUIDFromBytes(("product-" + productIds.size()).getBytes()).toString();
        Money price = new Money(BigDecimal.valueOf(199 + random.nextInt(20_000), 2), "EUR");
        String title = "Product " + productIds.size();
        productIds.add(id);
        prices.put(id, price);
        titles.put(id, title);
        send(id, new ProductCreatedEvent(id, "SKU-" + productIds.size(), title, "A synthetic product",
                CATEGORIES[random.nextInt(CATEGORIES.length)], price, Map.of("brand", "Bench")), at);
    }

    private void reprice(Instant at) {
        String id = productIds.get(random.nextInt(productIds.size()));
        Money price = new Money(BigDecimal.valueOf(199 + random.nextInt(20_000), 2), "EUR");
        prices.put(id, price);
        send(id, new ProductUpdatedEvent(id, null, null, null, price, null), at);
    }

    private void placeOrder(Instant placedAt) {
        String id = UUID.nameUUIDFromBytes(("order-" + globalIndex).getBytes()).toString();
        int count = 1 + random.nextInt(5);
        List<OrderLine> orderLines = new ArrayList<>(count);
        Money total = null;
        for (int i = 0; i < count; i++) {
            String product = productIds.get(random.nextInt(productIds.size()));
            OrderLine line = new OrderLine(product, titles.get(product), 1 + random.nextInt(3), prices.get(product));
            orderLines.add(line);
            total = total == null ? line.amount() : total.plus(line.amount());
        }
        lines += count;
        send(id, new OrderPlacedEvent(id, "customer-" + random.nextInt(50_000), orderLines, total, placedAt), placedAt);
        openOrders.add(id);
        totals.put(id, total);
    }

    /** Pays (and later ships) or cancels a random open order. */
    private void changeStatus(Instant at) {
        String id = openOrders.remove(random.nextInt(openOrders.size()));
        Money total = totals.remove(id);
        if (random.nextInt(10) == 0) {
            send(id, new OrderCancelledEvent(id, "changed their mind"), at);
            return;
        }
        send(id, new OrderPaidEvent(id, total, at), at);
        if (random.nextBoolean()) {
            send(id, new OrderShippedEvent(id, at), at);
        }
    }

    private void send(String aggregateId, Object event, Instant at) {
        Class<?> type = event.getClass();
        long sequence = sequences.merge(aggregateId, 1L, (a, b) -> a + 1) - 1;
        String eventId = UUID.nameUUIDFromBytes(("event-" + globalIndex).getBytes()).toString();
        EventEnvelope envelope = new EventEnvelope(eventId, EventTypes.typeName(type), EventTypes.version(type),
                EventTypes.aggregateType(type), aggregateId, sequence, ++globalIndex, at, eventId,
                json.valueToTree(event));
        try {
            producer.send(new ProducerRecord<>(topic, aggregateId, json.writeValueAsBytes(envelope)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        events++;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
