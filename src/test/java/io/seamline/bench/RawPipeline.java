package io.seamline.bench;

import io.seamline.seam.event.EventEnvelope;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static io.seamline.bench.BenchLog.log;

/**
 * The lag baseline: each tick commits a real event row by plain JDBC and sends it straight to Kafka, and a plain
 * consumer upserts it into a scratch row table that the same poller watches, from the commit.
 */
final class RawPipeline {

    private final Harness h;
    private final PacedRun.Pace pace;
    private final String topic;
    private final String rows;
    private final String marks;
    /** Commit time by "id#sequence", until the consumer has applied it. */
    private final Map<String, Long> committedAt = new ConcurrentHashMap<>();
    private final Latencies acked = new Latencies();
    private final Latencies applied = new Latencies();

    RawPipeline(Harness h, PacedRun.Pace pace) {
        this.h = h;
        this.pace = pace;
        this.topic = "bench.lag.raw." + pace.rate() + "." + h.run();
        this.rows = "bench_lag_rows_" + pace.rate();
        this.marks = "bench_lag_watermark_" + pace.rate();
    }

    /**
     * One commit per row, the send right after it with the relay's producer settings; the consumer writes rows
     * (with their sequence) and a watermark in one transaction per poll and commits its offsets after.
     */
    PacedRun.Result run() throws Exception {
        List<EventRow> sample = EventRow.sample(h.db(), 500);
        h.kafka().createTopic(topic);
        h.db().execute("create table " + rows + " (id varchar(64) primary key, sequence bigint not null, "
                        + "payload bytea not null, updated_at timestamptz not null)",
                "create table " + marks + " (consumer varchar(64) primary key, last_offset bigint not null, "
                        + "updated_at timestamptz not null)");
        log("lag (raw pipeline): JDBC commit -> produce -> consume -> upsert at %d/s", pace.rate());
        AtomicBoolean consuming = new AtomicBoolean(true);
        Thread consumer = startConsumer(consuming);
        KafkaProducer<String, byte[]> producer = h.kafka().producer("bench-raw-lag");
        producer.partitionsFor(topic);
        List<Connection> connections = Collections.synchronizedList(new ArrayList<>());
        ThreadLocal<PreparedStatement> insert = ThreadLocal.withInitial(() -> {
            try {
                Connection conn = h.db().connect();
                connections.add(conn);
                return conn.prepareStatement(EventRow.INSERT_RAW);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutorService writers = Executors.newFixedThreadPool(h.cfg().clients(),
                r -> new Thread(r, "bench-raw-writer"));
        ConcurrentLinkedQueue<Long> idle = new ConcurrentLinkedQueue<>(); // aggregates whose last event is visible
        Map<Long, Long> sequences = new ConcurrentHashMap<>();
        try (VisibilityPoller poller = new VisibilityPoller(h.db(), h.cfg().pollMillis(), rows, "sequence")) {
            return PacedRun.run(h, "raw", pace, poller, this::stages, (i, done) -> writers.execute(() -> {
                try {
                    Long bump = i % 2 == 1 ? idle.poll() : null;
                    long aggregate = bump != null ? bump : i;
                    long seq = sequences.merge(aggregate, bump != null ? 1L : 0L, Long::sum);
                    String id = "raw-" + pace.rate() + "-" + aggregate;
                    EventRow row = sample.get((int) (i % sample.size()));
                    PreparedStatement ps = insert.get();
                    row.bindInsert(ps, id, seq);
                    ps.executeUpdate();
                    long committed = System.nanoTime();
                    ProducerRecord<String, byte[]> rec = new ProducerRecord<>(topic, id, row.payload());
                    rec.headers().add(EventEnvelope.HEADER_SEQUENCE, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
                    committedAt.put(id + "#" + seq, committed);
                    producer.send(rec, (md, ex) -> {
                        if (ex == null) {
                            acked.add(System.nanoTime() - committed);
                        }
                    });
                    done.committed(committed, id, seq, () -> idle.add(aggregate));
                } catch (Exception e) {
                    done.failed(e.toString());
                }
            }));
        } finally {
            writers.shutdown();
            writers.awaitTermination(30, TimeUnit.SECONDS);
            producer.close(Duration.ofSeconds(10));
            consuming.set(false);
            consumer.join(10_000);
            for (Connection conn : connections) {
                conn.close();
            }
        }
    }

    /** The consumer, once it has its partitions. */
    private Thread startConsumer(AtomicBoolean consuming) throws InterruptedException {
        CountDownLatch assigned = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread consumer = Thread.ofPlatform().name("bench-raw-consumer").start(() -> {
            try (KafkaConsumer<String, byte[]> kc = h.kafka().consumer("bench-raw-lag-" + pace.rate());
                 Connection conn = h.db().connect();
                 PreparedStatement upsert = conn.prepareStatement("""
                         insert into %1$s (id, sequence, payload, updated_at) values (?, ?, ?, now())
                         on conflict (id) do update set sequence = excluded.sequence, payload = excluded.payload,
                             updated_at = now() where %1$s.sequence < excluded.sequence""".formatted(rows));
                 PreparedStatement mark = conn.prepareStatement("""
                         insert into %s values ('raw', ?, now()) on conflict (consumer)
                         do update set last_offset = excluded.last_offset, updated_at = now()""".formatted(marks))) {
                conn.setAutoCommit(false);
                kc.subscribe(List.of(topic));
                while (consuming.get()) {
                    ConsumerRecords<String, byte[]> records = kc.poll(Duration.ofMillis(200));
                    if (!kc.assignment().isEmpty()) {
                        assigned.countDown();
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    long last = 0;
                    for (ConsumerRecord<String, byte[]> r : records) {
                        upsert.setString(1, r.key());
                        upsert.setLong(2, Long.parseLong(sequence(r)));
                        upsert.setBytes(3, r.value());
                        upsert.addBatch();
                        last = r.offset();
                    }
                    upsert.executeBatch();
                    mark.setLong(1, last);
                    mark.executeUpdate();
                    conn.commit();
                    long appliedAt = System.nanoTime();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        Long committed = committedAt.remove(r.key() + "#" + sequence(r));
                        if (committed != null) {
                            applied.add(appliedAt - committed);
                        }
                    }
                    kc.commitSync();
                }
            } catch (Exception e) {
                failure.set(e);
                assigned.countDown();
            }
        });
        if (!assigned.await(60, TimeUnit.SECONDS) || failure.get() != null) {
            throw new IllegalStateException("the raw consumer did not start", failure.get());
        }
        return consumer;
    }

    private static String sequence(ConsumerRecord<String, byte[]> r) {
        return BenchKafka.header(r.headers(), EventEnvelope.HEADER_SEQUENCE);
    }

    private String stages() {
        return String.format(Locale.ROOT, "broker ack p50 %s / p99 %s after the commit; applied by the consumer "
                        + "(its transaction committed) p50 %s / p99 %s after the commit", BenchReport.ms(acked.p50()),
                BenchReport.ms(acked.p99()), BenchReport.ms(applied.p50()), BenchReport.ms(applied.p99()));
    }
}
