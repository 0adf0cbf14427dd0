package io.seamline.seam.trace;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seamline.seam.consume.ConsumerObserver;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.model.ReadModel;
import io.seamline.seam.model.ReadModels;
import io.seamline.seam.model.TraceHop;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each recent event reached each hop after the event store: the relay's publish to Kafka (with partition and
 * offset), and each hop of each read model ({@link ReadModel#hops}: the row store; warehouse bronze, silver and gold;
 * search; vectors).
 * <p>
 * Kept in memory for the newest {@code seamline.trace.capacity} events (default 100,000: about 20 MB, several
 * minutes of the platform's top write rate); older ones are evicted, and a restart forgets them all. Every hop
 * also feeds the histogram {@code seamline_propagation_lag_seconds{hop}} (append → hop), which keeps the
 * distribution for every event, not only the recent ones.
 */
@ApplicationScoped
public class PropagationTrace implements ConsumerObserver {

    /** An event's hops so far: epoch microseconds per hop of {@code names} (0 when not reached), where Kafka has it. */
    public record Hops(List<String> names, long[] reachedMicros, int partition, long offset) {
        public Optional<Instant> reached(String hop) {
            int index = names.indexOf(hop);
            long micros = index < 0 ? 0 : reachedMicros[index];
            return micros == 0 ? Optional.empty() : Optional.of(Instant.EPOCH.plusNanos(micros * 1000));
        }
    }

    /** The hops after the append, in the order of the read models (the warehouse's three in sequence). */
    private final List<String> hops;
    /** The first hop of each consumer group: where applying a batch takes its events. */
    private final Map<String, String> firstHopOf = new HashMap<>();
    private final Map<String, Hops> recent;
    private final MeterRegistry registry;
    private final Map<String, Timer> lag = new ConcurrentHashMap<>();

    @Inject
    PropagationTrace(TraceConfig config, MeterRegistry registry, ReadModels models) {
        this(config.capacity(), registry, models.all().stream().map(m -> Map.entry(m.group(), m.hops().stream()
                .map(TraceHop::name).toList())).toList());
    }

    /** A trace of the relay's hop and, per consumer group, its hops in order. */
    PropagationTrace(int capacity, MeterRegistry registry, List<Map.Entry<String, List<String>>> hopsByGroup) {
        List<String> all = new ArrayList<>(List.of(TraceHop.KAFKA));
        for (Map.Entry<String, List<String>> group : hopsByGroup) {
            firstHopOf.put(group.getKey(), group.getValue().getFirst());
            all.addAll(group.getValue());
        }
        this.hops = List.copyOf(all);
        this.registry = registry;
        this.recent = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Hops> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The relay published {@code event} and the broker acknowledged it; {@code at} is the record's timestamp. */
    public void relayed(EventEnvelope event, int partition, long offset, Instant at) {
        synchronized (recent) {
            // a consumer may have applied the record before the relay saw its ack: keep its times, add where it is
            Hops known = recent.get(event.eventId());
            long[] reached = known == null ? new long[hops.size()] : known.reachedMicros();
            reached[0] = micros(at);
            recent.put(event.eventId(), new Hops(hops, reached, partition, offset));
        }
        timer("kafka").record(since(event.timestamp(), at));
    }

    @Override
    public void applied(String consumer, List<ConsumedEvent> batch, Instant at) {
        String hop = firstHopOf.get(consumer);
        if (hop != null) {
            reached(hop, batch.stream().map(ConsumedEvent::envelope).toList(), at);
        }
    }

    /** The hops after the append: the relay's publish, then each read model's, in order. */
    public List<String> hops() {
        return hops;
    }

    /** {@code events} reached {@code hop} (one of {@link #hops}) at {@code at}. */
    @Override
    public void reached(String hop, List<EventEnvelope> events, Instant at) {
        int index = hops.indexOf(hop);
        if (index < 0) {
            return; // a consumer the trace does not follow
        }
        long micros = micros(at);
        Timer timer = timer(hop);
        synchronized (recent) {
            for (EventEnvelope event : events) {
                recent.computeIfAbsent(event.eventId(), id -> new Hops(hops, new long[hops.size()], -1, -1))
                        .reachedMicros()[index] = micros;
            }
        }
        for (EventEnvelope event : events) {
            timer.record(since(event.timestamp(), at));
        }
    }

    /** The hops of a recent event; empty when it is older than the trace keeps (or was never seen). */
    public Optional<Hops> of(String eventId) {
        synchronized (recent) {
            Hops hops = recent.get(eventId);
            return hops == null ? Optional.empty() : Optional.of(new Hops(hops.names(), hops.reachedMicros().clone(),
                    hops.partition(), hops.offset()));
        }
    }

    private Timer timer(String hop) {
        return lag.computeIfAbsent(hop, h -> Timer.builder("seamline.propagation.lag")
                .description("Time from an event's append to the event store to its reaching the hop")
                .tag("hop", h).publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(120))
                .register(registry));
    }

    private static Duration since(Instant appended, Instant at) {
        Duration d = Duration.between(appended, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static long micros(Instant at) {
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1000;
    }
}
