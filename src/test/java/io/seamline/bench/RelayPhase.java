package io.seamline.bench;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.seamline.bench.BenchLog.log;

/**
 * Phase 2, the relay: a replay of the whole log to a fresh topic by a restarted service, against a raw
 * producer sending the same envelopes with the relay's settings.
 */
final class RelayPhase {

    /** The replay, timed from the relay watermark's progress. */
    record Replay(long events, long head, double launchToFirstBatch, double launchToLive, double launchToHead,
                  double firstToLastSeconds, long eventsFirstToLast, String topic, String cpu) {
        double rate() {
            return eventsFirstToLast == 0 || firstToLastSeconds <= 0 ? Double.NaN : eventsFirstToLast / firstToLastSeconds;
        }

        double rateFromLaunch() {
            return events / launchToHead;
        }
    }

    /** The raw producer: every send in flight at once, and awaiting the acks of each batch before the next. */
    record RawProduce(long events, double seconds, double batchedSeconds, String cpu) {
        double rate() {
            return events / seconds;
        }

        double batchedRate() {
            return events / batchedSeconds;
        }

        /** The ceiling: the faster of the two ways of sending. */
        double bestRate() {
            return Math.max(rate(), batchedRate());
        }
    }

    record Result(Replay replay, RawProduce raw) {
    }

    private final Harness h;
    private final BenchConfig cfg;
    /** The topic the first service relayed to: the envelopes the raw producer sends again. */
    private final String firstTopic;

    RelayPhase(Harness h, String firstTopic) {
        this.h = h;
        this.cfg = h.cfg();
        this.firstTopic = firstTopic;
    }

    /** Stops the running service for the replay; no service runs afterwards. */
    Result run() throws Exception {
        Replay replay = replay();
        return new Result(replay, rawProduce(replay.events()));
    }

    /**
     * Stops the service, deletes the relay's token and watermark, restarts it on a fresh topic and times the
     * replay of the whole log from the relay watermark's progress (polled every {@code pollMillis} over JDBC).
     */
    private Replay replay() throws Exception {
        long head = h.db().head();
        h.db().awaitWatermark("relay", head, Duration.ofMinutes(2));
        long events = h.db().scalar("select count(*) from domainevententry");
        log("relay: stopping the service; replaying %,d events (head %d) to a fresh topic", events, head);
        h.services().stop();
        h.db().execute("delete from tokenentry where processorname = 'relay'",
                "delete from projection_watermark where consumer = 'relay'");
        String topic = "bench.relay." + h.run();
        ServiceProcess service = h.services().launch(topic, "2", List.of());
        long launched = service.launchedAtNanos();
        AtomicLong liveAt = new AtomicLong();
        Thread.ofVirtual().start(() -> {
            try {
                service.awaitHttp200("/q/health/live", Duration.ofMinutes(3));
                liveAt.set(System.nanoTime());
            } catch (RuntimeException ignored) {
                // the watermark loop below reports a service that does not come up
            }
        });
        long firstAt = 0;
        long firstApplied = 0;
        long lastAt = 0;
        long lastApplied = 0;
        CpuMeter.Snapshot c0 = null;
        long deadline = launched + TimeUnit.MINUTES.toNanos(5);
        try (Connection c = h.db().connect(); PreparedStatement ps = c.prepareStatement(
                "select last_global_index, applied_events from projection_watermark where consumer = 'relay'")) {
            while (true) {
                long t = System.nanoTime();
                if (t > deadline || !service.alive()) {
                    throw new IllegalStateException("the relay did not reach the head " + head + "; service log:\n"
                            + service.tail(40));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        long index = rs.getLong(1);
                        long applied = rs.getLong(2);
                        if (firstAt == 0) {
                            firstAt = t;
                            firstApplied = applied;
                            c0 = h.cpuNow();
                        }
                        lastAt = t;
                        lastApplied = applied;
                        if (index >= head) {
                            break;
                        }
                    }
                }
                LockSupport.parkNanos(t + TimeUnit.MILLISECONDS.toNanos(cfg.pollMillis()) - System.nanoTime());
            }
        }
        CpuMeter.Snapshot c1 = h.cpuNow();
        double toLive = liveAt.get() == 0 ? Double.NaN : (liveAt.get() - launched) / 1e9;
        Replay replay = new Replay(events, head, (firstAt - launched) / 1e9, toLive, (lastAt - launched) / 1e9,
                (lastAt - firstAt) / 1e9, lastApplied - firstApplied, topic, CpuMeter.describe(c0, c1));
        log("relay: first batch %.2f s after launch, head %.2f s after launch; %,d events in %.2f s = %.0f events/s",
                replay.launchToFirstBatch(), replay.launchToHead(), replay.eventsFirstToLast(),
                replay.firstToLastSeconds(), replay.rate());
        h.services().stop();
        return replay;
    }

    /**
     * The relay's ceiling: the same envelopes (read back from the first topic with a plain consumer, in
     * global order) sent by a raw producer with the relay's settings to a fresh topic, timed until all are
     * acked; then once more awaiting the acks of every batch before the next, as the relay does.
     */
    private RawProduce rawProduce(long expected) throws Exception {
        List<ProducerRecord<String, byte[]>> envelopes = readTopic(firstTopic, expected);
        log("raw producer: %,d envelopes read back from %s", envelopes.size(), firstTopic);
        String topic = "bench.raw." + h.run();
        String batchedTopic = "bench.raw-batched." + h.run();
        String warmupTopic = "bench.raw-warmup." + h.run();
        h.kafka().createTopic(topic);
        h.kafka().createTopic(batchedTopic);
        h.kafka().createTopic(warmupTopic);
        double seconds;
        double batched;
        CpuMeter.Snapshot c0;
        CpuMeter.Snapshot c1;
        try (KafkaProducer<String, byte[]> producer = h.kafka().producer("bench-raw-relay")) {
            producer.partitionsFor(topic);
            producer.partitionsFor(batchedTopic);
            // an untimed pass first, so neither timed pass pays for this JVM's JIT or the broker's first writes
            for (ProducerRecord<String, byte[]> r : envelopes) {
                producer.send(to(warmupTopic, r));
            }
            producer.flush();
            c0 = h.cpuNow();
            long t0 = System.nanoTime();
            sendAndAwaitAcks(producer, topic, envelopes);
            seconds = (System.nanoTime() - t0) / 1e9;
            c1 = h.cpuNow();
            long t1 = System.nanoTime();
            for (int i = 0; i < envelopes.size(); i += cfg.relayBatch()) {
                sendAndAwaitAcks(producer, batchedTopic,
                        envelopes.subList(i, Math.min(envelopes.size(), i + cfg.relayBatch())));
            }
            batched = (System.nanoTime() - t1) / 1e9;
        }
        RawProduce raw = new RawProduce(envelopes.size(), seconds, batched, CpuMeter.describe(c0, c1));
        log("raw producer: %.0f events/s (awaiting acks per %d: %.0f events/s)", raw.rate(), cfg.relayBatch(),
                raw.batchedRate());
        return raw;
    }

    private static void sendAndAwaitAcks(KafkaProducer<String, byte[]> producer, String topic,
                                         List<ProducerRecord<String, byte[]>> envelopes) throws Exception {
        List<Future<RecordMetadata>> acks = new ArrayList<>(envelopes.size());
        for (ProducerRecord<String, byte[]> r : envelopes) {
            acks.add(producer.send(to(topic, r)));
        }
        for (Future<RecordMetadata> ack : acks) {
            ack.get(2, TimeUnit.MINUTES);
        }
    }

    /** The same envelope (key, value, headers) for another topic, partitioned by its key. */
    private static ProducerRecord<String, byte[]> to(String topic, ProducerRecord<String, byte[]> r) {
        return new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers());
    }

    private List<ProducerRecord<String, byte[]>> readTopic(String topic, long expected) {
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> kc = h.kafka().consumer(null)) {
            List<TopicPartition> partitions = kc.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            kc.assign(partitions);
            kc.seekToBeginning(partitions);
            long end = kc.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (records.size() < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : kc.poll(Duration.ofMillis(500))) {
                    records.add(new ProducerRecord<>(topic, null, r.key(), r.value(), r.headers()));
                }
            }
        }
        records.sort(Comparator.comparingLong(r -> Long.parseLong(
                BenchKafka.header(r.headers(), BenchKafka.GLOBAL_INDEX_HEADER))));
        if (records.size() != expected) {
            log("note: %s holds %,d records, the log %,d events", topic, records.size(), expected);
        }
        return records;
    }

    void addSection(BenchReport report, Result r) {
        Replay relay = r.replay();
        RawProduce raw = r.raw();
        BenchReport.Section s = report.section("2. Relay: event store → Kafka",
                String.format(Locale.ROOT, "A replay of the whole log (%,d events, head %d): the service is stopped, "
                                + "the relay's token and watermark are deleted, and it is restarted on a fresh topic "
                                + "(`%s`). The rate is taken between the first and the last advance of the relay "
                                + "watermark (polled every %d ms over JDBC), so start-up is excluded and reported "
                                + "apart. Baseline: the same envelopes, read back from `%s` with a plain consumer, sent "
                                + "in global order by a raw kafka-clients producer with the relay's settings "
                                + "(idempotent, acks=all, linger.ms=5, max.in.flight=5) to a fresh 6-partition topic, "
                                + "timed from the first send until every send is acked (after one untimed pass to a scratch topic); "
                                + "once with every send in flight at once, once awaiting the acks of each batch of %d before the "
                                + "next, as the relay does. The faster of the two is the ceiling.",
                        relay.events(), relay.head(), relay.topic(), cfg.pollMillis(), firstTopic, cfg.relayBatch()));
        s.compare("relay throughput (first → last batch) vs the raw ceiling (the faster of the two raw rows below)",
                relay.rate(), raw.bestRate(), BenchReport::perSecond, "≥ 0.7× raw",
                BenchReport.met(relay.rate() >= 0.7 * raw.bestRate()));
        s.compare("relay throughput including start-up (launch → head)", relay.rateFromLaunch(), raw.bestRate(),
                BenchReport::perSecond, "", "");
        s.compare("vs a raw producer with every send in flight at once", relay.rate(), raw.rate(),
                BenchReport::perSecond, "", "");
        s.compare(String.format("vs a raw producer awaiting the acks of every %d before the next (the relay's batch "
                + "discipline)", cfg.relayBatch()), relay.rate(), raw.batchedRate(), BenchReport::perSecond, "", "");
        s.note(String.format(Locale.ROOT, "Start-up: the service answered /q/health/live %.2f s after launch; the "
                        + "relay's first batch was acked and committed %.2f s after launch; it reached the head %.2f s "
                        + "after launch (%,d events between the first and last batch, in %.2f s).",
                relay.launchToLive(), relay.launchToFirstBatch(), relay.launchToHead(), relay.eventsFirstToLast(),
                relay.firstToLastSeconds()));
        s.note("During the replay the rowstore consumer of the restarted service reads the new topic as well "
                + "(every event is skipped by its sequence guard); it shares the two cores with the relay.");
        s.note("CPU during the replay: " + relay.cpu() + ". CPU during the raw send: " + raw.cpu() + ".");
    }
}
