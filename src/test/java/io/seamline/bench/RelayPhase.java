package io.seamline.bench;

import io.seamline.seam.event.EventEnvelope;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static io.seamline.bench.BenchLog.log;

/**
 * Phase 2, the relay: a replay of the whole log by the warm service (POST /api/admin/replay/relay), then one
 * to a fresh topic by a restarted, cold service, against a raw producer sending the same envelopes with the
 * relay's settings.
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

    /** The warm replay: the running service re-sends the whole log, timed from the relay's acked-event count. */
    record WarmReplay(long events, double seconds, String cpu) {
        double rate() {
            return events / seconds;
        }
    }

    record Result(WarmReplay warm, Replay replay, RawProduce raw) {
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

    /** Replays on the running service, then stops it for the cold replay; no service runs afterwards. */
    Result run() throws Exception {
        WarmReplay warm = warmReplay();
        Replay replay = replay();
        return new Result(warm, replay, rawProduce(replay.events()));
    }

    /**
     * The relay of a warm service (after the write-path and lag phases) re-sends the whole log to its topic;
     * timed from the POST until its count of acked events (the {@code applied_events} of its watermark row,
     * polled every {@code pollMillis}) has grown by the number of events in the log.
     */
    private WarmReplay warmReplay() throws Exception {
        long head = h.db().head();
        h.db().awaitWatermark("relay", head, Duration.ofMinutes(2));
        long events = h.db().scalar("select count(*) from domainevententry");
        String acked = "select applied_events from projection_watermark where consumer = 'relay'";
        long target = h.db().scalar(acked) + events;
        ServiceProcess service = h.services().current();
        log("relay: the running service replays %,d events (head %d) to its topic", events, head);
        CpuMeter.Snapshot c0 = h.cpuNow();
        long t0 = System.nanoTime();
        service.post("/api/admin/replay/relay");
        long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
        try (Connection c = h.db().connect(); PreparedStatement ps = c.prepareStatement(acked)) {
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getLong(1) >= target) {
                        break;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the warm replay did not finish; service log:\n"
                            + service.tail(40));
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(cfg.pollMillis()));
            }
        }
        WarmReplay warm = new WarmReplay(events, (System.nanoTime() - t0) / 1e9, CpuMeter.describe(c0, h.cpuNow()));
        log("relay: warm replay of %,d events in %.2f s = %.0f events/s", events, warm.seconds(), warm.rate());
        return warm;
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
        // the warm replay sent every event a second time: keep one envelope per event, in global order
        Map<Long, ProducerRecord<String, byte[]>> byIndex = new TreeMap<>();
        for (ProducerRecord<String, byte[]> r : records) {
            byIndex.putIfAbsent(Long.parseLong(BenchKafka.header(r.headers(), EventEnvelope.HEADER_GLOBAL_INDEX)), r);
        }
        records = new ArrayList<>(byIndex.values());
        if (records.size() != expected) {
            log("note: %s holds %,d distinct events, the log %,d", topic, records.size(), expected);
        }
        return records;
    }

    void addSection(BenchReport report, Result r) {
        WarmReplay warm = r.warm();
        Replay relay = r.replay();
        RawProduce raw = r.raw();
        BenchReport.Section s = report.section("2. Relay: event store → Kafka",
                String.format(Locale.ROOT, "The whole log (%,d events, head %d), relayed twice. Warm: after the "
                                + "write-path and lag phases, `POST /api/admin/replay/relay` makes the running "
                                + "service's relay send the log again to its topic; timed from the POST until the "
                                + "relay's count of acked events (its watermark row, polled every %d ms over JDBC) "
                                + "has grown by the size of the log. Cold: the service is stopped, the relay's token "
                                + "and watermark are deleted, and it is restarted on a fresh topic (`%s`); the rate "
                                + "is taken between the first and the last advance of the relay watermark, so "
                                + "start-up is excluded and reported apart, but the JIT compiler is not. Baseline: "
                                + "the same envelopes, read back from `%s` with a plain consumer, sent in global "
                                + "order by a raw kafka-clients producer with the relay's settings (idempotent, "
                                + "acks=all, linger.ms=5, max.in.flight=5) to a fresh 6-partition topic, timed from "
                                + "the first send until every send is acked (after one untimed pass to a scratch "
                                + "topic); once with every send in flight at once, once awaiting the acks of each "
                                + "batch of %d before the next, as the relay does. The faster of the two is the "
                                + "ceiling.",
                        relay.events(), relay.head(), cfg.pollMillis(), relay.topic(), firstTopic, cfg.relayBatch()));
        s.compare("relay throughput, warm service, vs the raw ceiling (the faster of the two raw rows below)",
                warm.rate(), raw.bestRate(), BenchReport::perSecond, "≥ 0.7× raw",
                BenchReport.met(warm.rate() >= 0.7 * raw.bestRate()));
        s.compare("relay throughput, cold restart (first → last batch)", relay.rate(), raw.bestRate(),
                BenchReport::perSecond, "", "");
        s.compare("relay throughput, cold restart including start-up (launch → head)", relay.rateFromLaunch(),
                raw.bestRate(), BenchReport::perSecond, "", "");
        s.compare("warm relay vs a raw producer with every send in flight at once", warm.rate(), raw.rate(),
                BenchReport::perSecond, "", "");
        s.compare(String.format("warm relay vs a raw producer awaiting the acks of every %d before the next (the "
                + "relay's batch discipline)", cfg.relayBatch()), warm.rate(), raw.batchedRate(),
                BenchReport::perSecond, "", "");
        s.note(String.format(Locale.ROOT, "Cold start-up: the service answered /q/health/live %.2f s after launch; "
                        + "the relay's first batch was acked and committed %.2f s after launch; it reached the head "
                        + "%.2f s after launch (%,d events between the first and last batch, in %.2f s).",
                relay.launchToLive(), relay.launchToFirstBatch(), relay.launchToHead(), relay.eventsFirstToLast(),
                relay.firstToLastSeconds()));
        s.note("During both replays the rowstore consumer reads the re-sent events as well (every one is skipped "
                + "by its sequence guard); it shares the two cores with the relay.");
        s.note("CPU during the warm replay: " + warm.cpu() + ". CPU during the cold replay: " + relay.cpu()
                + ". CPU during the raw send: " + raw.cpu() + ".");
    }
}
