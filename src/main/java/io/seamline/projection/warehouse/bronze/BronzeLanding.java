package io.seamline.projection.warehouse.bronze;

import io.seamline.platform.EventJson;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.DataFile;
import io.seamline.projection.warehouse.table.DataFileWriter;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.table.TableScan;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.IntStream;

/**
 * Lands Kafka records in {@code bronze.events}, unchanged, partitioned by event date, and refuses what breaks
 * the event contract into {@code bronze.quarantine} (and the seam's quarantine). Each table's manifest carries the next Kafka offset per
 * partition it has landed, committed with its files in one atomic step; a record below those offsets is
 * already in the table and is skipped. So a restart from the manifests lands every record exactly once, wherever
 * the previous run stopped. The quarantine commits first: a record below the events table's offsets has
 * therefore been judged, and quarantined if bad, so the events table's offsets are where to resume.
 */
public final class BronzeLanding {

    private static final int ROWS_PER_BATCH = 64 * 1024;
    /** The kafka_offset of a row backfilled from the event store. */
    static final long NOT_FROM_KAFKA = -1;

    private final ArrowTable events;
    private final ArrowTable quarantine;
    private final BufferAllocator allocator;
    private final Clock clock;
    private final Consumer<LandingStage> crashPoint;
    /** The topic the records come from, as the seam's quarantine names it. */
    private final String topic;
    /** The seam's quarantine: told of each refused record (and its reason) before a manifest moves past it. */
    private final BiConsumer<ConsumerRecord<String, byte[]>, String> reportRefusal;

    public BronzeLanding(ArrowTable events, ArrowTable quarantine, BufferAllocator allocator, Clock clock,
                  Consumer<LandingStage> crashPoint, String topic,
                  BiConsumer<ConsumerRecord<String, byte[]>, String> reportRefusal) {
        this.events = events;
        this.quarantine = quarantine;
        this.allocator = allocator;
        this.clock = clock;
        this.crashPoint = crashPoint;
        this.topic = topic;
        this.reportRefusal = reportRefusal;
    }

    /**
     * How many records the landings of this process have checked against their event schemas (a count that only a
     * landing from Kafka moves; silver and gold refolded from bronze check none).
     */
    public static long recordsChecked() {
        return EnvelopeReader.CHECKED.sum();
    }

    /** Where to resume reading each partition: the next offset the events table has not landed. */
    public Map<Integer, Long> resumeOffsets() {
        return events.current().watermark().kafkaOffsets();
    }

    /**
     * What one landing added: the new events in Kafka order, their payloads decoded ({@code decoded.get(i)} for
     * {@code events.get(i)}; null when not at hand), the highest global index each Kafka partition carried, and
     * the bronze version holding them.
     */
    public record Landed(List<BronzeEvent> events, List<Object> decoded, Map<Integer, Long> reach, TableManifest version,
                  int quarantined, List<ConsumedEvent> consumed) {
    }

    public Landed land(List<ConsumerRecord<String, byte[]>> records) throws IOException {
        Map<Integer, Long> landedUpTo = events.current().watermark().kafkaOffsets();
        Map<Integer, Long> judgedUpTo = quarantine.current().watermark().kafkaOffsets();
        Instant now = clock.instant();
        Map<String, List<BronzeRecord>> byDate = new TreeMap<>();
        List<BronzeEvent> landed = new ArrayList<>();
        List<Object> decoded = new ArrayList<>();
        List<QuarantinedRecord> refused = new ArrayList<>();
        List<ConsumedEvent> consumed = new ArrayList<>();
        Map<Integer, Long> next = new HashMap<>();
        Map<Integer, Long> reach = new HashMap<>();
        List<ConsumerRecord<String, byte[]>> fresh = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            next.merge(record.partition(), record.offset() + 1, Math::max);
            if (record.offset() >= landedUpTo.getOrDefault(record.partition(), 0L)) {
                fresh.add(record); // below the offsets: landed by an earlier run
            }
        }
        Object[] reads = readAll(fresh, now);
        for (int i = 0; i < reads.length; i++) {
            if (reads[i] instanceof EnvelopeReader.Read read) {
                byDate.computeIfAbsent(partitionOf(read.row().event().eventTime()), d -> new ArrayList<>())
                        .add(read.row());
                landed.add(read.row().event());
                decoded.add(read.event());
                consumed.add(consumedEvent(fresh.get(i), read));
                reach.merge(read.row().kafkaPartition(), read.row().event().globalIndex(), Math::max);
            } else if (fresh.get(i).offset() >= judgedUpTo.getOrDefault(fresh.get(i).partition(), 0L)) {
                EnvelopeReader.RefusedRecord refusal = (EnvelopeReader.RefusedRecord) reads[i];
                refused.add(refusal.quarantined(fresh.get(i), now));
                // before the commits: if the seam's quarantine fails, the records come again instead of being
                // skipped as landed, so none reaches the manifests without reaching the seam
                reportRefusal.accept(fresh.get(i), refusal.getMessage());
            }
        }
        List<DataFile> eventFiles = new ArrayList<>();
        for (Map.Entry<String, List<BronzeRecord>> partition : byDate.entrySet()) {
            eventFiles.add(writeEvents(partition.getKey(), partition.getValue()));
        }
        DataFile quarantineFile = refused.isEmpty() ? null : writeQuarantine(refused);
        crashPoint.accept(LandingStage.DATA_FILES_WRITTEN);
        if (quarantineFile != null) {
            quarantine.commit(TableManifest.Operation.APPEND, List.of(quarantineFile), List.of(),
                    advanced(quarantine.current().watermark(), next, List.of()));
        }
        crashPoint.accept(LandingStage.QUARANTINE_COMMITTED);
        TableManifest version = events.current();
        if (!eventFiles.isEmpty() || advances(landedUpTo, next)) {
            version = events.commit(TableManifest.Operation.APPEND, eventFiles, List.of(),
                    advanced(events.current().watermark(), next, landed));
        }
        crashPoint.accept(LandingStage.BRONZE_COMMITTED);
        return new Landed(landed, decoded, reach, version, refused.size(), consumed);
    }

    /** A landed event as every consumer of the log reports it (the payload is in bronze, not carried here). */
    private static ConsumedEvent consumedEvent(ConsumerRecord<String, byte[]> record, EnvelopeReader.Read read) {
        return new ConsumedEvent(read.row().event().identity(), read.event(), record.partition(), record.offset(), record.timestamp() < 0 ? null : Instant.ofEpochMilli(record.timestamp()));
    }

    /**
     * Each record read (or refused) on every core: parsing and checking envelopes is most of a landing's CPU, and
     * the records are independent. Results keep the records' order.
     */
    private static Object[] readAll(List<ConsumerRecord<String, byte[]>> records, Instant now) {
        Object[] reads = new Object[records.size()];
        IntStream.range(0, reads.length).parallel().forEach(i -> {
            try {
                reads[i] = EnvelopeReader.read(records.get(i), now);
            } catch (EnvelopeReader.RefusedRecord refused) {
                reads[i] = refused;
            }
        });
        return reads;
    }

    /**
     * Lands events read from the event store rather than from Kafka (a rebuild when the topic no longer holds the
     * whole log): {@code kafka_partition} is the partition Kafka would give the key, {@code kafka_offset} is
     * {@value #NOT_FROM_KAFKA}, and the Kafka offsets of the table do not move.
     */
    public Landed backfill(List<EventEnvelope> envelopes, int partitions) throws IOException {
        Instant now = clock.instant();
        Map<String, List<BronzeRecord>> byDate = new TreeMap<>();
        List<BronzeEvent> landed = new ArrayList<>();
        for (EventEnvelope envelope : envelopes) {
            BronzeEvent event = new BronzeEvent(envelope.eventId(), envelope.type(), envelope.schemaVersion(),
                    envelope.aggregateType(), envelope.aggregateId(), envelope.sequence(), envelope.globalIndex(),
                    envelope.timestamp(), EventJson.mapper().writeValueAsString(envelope.payload()));
            int partition = Utils.toPositive(Utils.murmur2(envelope.aggregateId().getBytes(StandardCharsets.UTF_8)))
                    % partitions; // Kafka's partitioner for a keyed record
            byDate.computeIfAbsent(partitionOf(event.eventTime()), d -> new ArrayList<>())
                    .add(new BronzeRecord(event, partition, NOT_FROM_KAFKA, envelope.correlationId(), now));
            landed.add(event);
        }
        List<DataFile> files = new ArrayList<>();
        for (Map.Entry<String, List<BronzeRecord>> partition : byDate.entrySet()) {
            files.add(writeEvents(partition.getKey(), partition.getValue()));
        }
        return new Landed(landed, null, Map.of(), events.commit(TableManifest.Operation.APPEND, files, List.of(),
                advanced(events.current().watermark(), Map.of(), landed)), 0, List.of());
    }

    /**
     * Quarantines an event bronze holds but silver cannot fold: the seam's quarantine first (if it fails, the event is
     * judged again later), then a row of {@code bronze.quarantine}, whose event ids the refinery skips from then on.
     * Bronze keeps the row it landed: it is the log as received.
     */
    public void condemn(BronzeEvent event, String reason) throws IOException {
        BronzeRecord row = locate(event);
        ConsumerRecord<String, byte[]> record = row.asKafkaRecord(topic);
        reportRefusal.accept(record, reason);
        DataFile file = writeQuarantine(List.of(new QuarantinedRecord(row.kafkaPartition(), row.kafkaOffset(),
                event.eventId(), event.type(), reason, new String(record.value(), StandardCharsets.UTF_8),
                clock.instant())));
        quarantine.commit(TableManifest.Operation.APPEND, List.of(file), List.of(), quarantine.current().watermark());
    }

    /** The bronze row of an event: found in its event date's files (a rare look-up, only for a condemned event). */
    private BronzeRecord locate(BronzeEvent event) throws IOException {
        String partition = partitionOf(event.eventTime());
        BronzeRecord[] found = new BronzeRecord[1];
        TableScan.scan(events, events.current(), null, partition::equals, allocator, batch -> {
            for (BronzeRecord row : BronzeRows.EVENTS.read(batch)) {
                if (row.event().eventId().equals(event.eventId())) {
                    found[0] = row;
                    return false;
                }
            }
            return true;
        });
        if (found[0] == null) {
            throw new IllegalStateException("event " + event.eventId() + " is not in bronze partition " + partition);
        }
        return found[0];
    }

    /** Marks every record before {@code offsets} as landed: a backfill from the event store covered them. */
    public TableManifest coveredUpTo(Map<Integer, Long> offsets) throws IOException {
        return events.commit(TableManifest.Operation.APPEND, List.of(), List.of(),
                advanced(events.current().watermark(), offsets, List.of()));
    }

    private static boolean advances(Map<Integer, Long> landedUpTo, Map<Integer, Long> next) {
        return next.entrySet().stream().anyMatch(e -> e.getValue() > landedUpTo.getOrDefault(e.getKey(), 0L));
    }

    private static TableManifest.Watermark advanced(TableManifest.Watermark previous, Map<Integer, Long> next,
                                                    List<BronzeEvent> landed) {
        Map<Integer, Long> offsets = new TreeMap<>(previous.kafkaOffsets());
        next.forEach((partition, offset) -> offsets.merge(partition, offset, Math::max));
        long maxGlobalIndex = previous.maxGlobalIndex();
        Instant maxEventTime = previous.maxEventTime();
        for (BronzeEvent event : landed) {
            maxGlobalIndex = Math.max(maxGlobalIndex, event.globalIndex());
            if (maxEventTime == null || event.eventTime().isAfter(maxEventTime)) {
                maxEventTime = event.eventTime();
            }
        }
        return new TableManifest.Watermark(offsets, maxGlobalIndex, maxEventTime, -1);
    }

    public static String partitionOf(Instant eventTime) {
        return "event_date=" + LocalDate.ofInstant(eventTime, ZoneOffset.UTC);
    }

    private DataFile writeEvents(String partition, List<BronzeRecord> rows) throws IOException {
        try (DataFileWriter file = events.newFile(partition, allocator)) {
            for (int from = 0; from < rows.size(); from += ROWS_PER_BATCH) {
                BronzeRows.EVENTS.write(rows.subList(from, Math.min(rows.size(), from + ROWS_PER_BATCH)),
                        file.root());
                file.writeBatch();
            }
            return file.finish();
        }
    }

    private DataFile writeQuarantine(List<QuarantinedRecord> rows) throws IOException {
        try (DataFileWriter file = quarantine.newFile("", allocator)) {
            BronzeRows.QUARANTINE.write(rows, file.root());
            file.writeBatch();
            return file.finish();
        }
    }
}
