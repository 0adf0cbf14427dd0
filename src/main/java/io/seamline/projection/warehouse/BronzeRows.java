package io.seamline.projection.warehouse;

import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Consumer;

/** Moves bronze rows in and out of Arrow batches of {@link WarehouseSchemas#BRONZE_EVENTS} and the quarantine. */
final class BronzeRows {

    private BronzeRows() {
    }

    /** Fills {@code root} with {@code rows} (the root's previous contents are replaced). */
    static void write(VectorSchemaRoot root, List<BronzeRecord> rows) {
        root.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            BronzeRecord row = rows.get(i);
            BronzeEvent e = row.event();
            text(root, "event_id", i, e.eventId());
            text(root, "type", i, e.type());
            ((IntVector) root.getVector("version")).setSafe(i, e.version());
            text(root, "aggregate_type", i, e.aggregateType());
            text(root, "aggregate_id", i, e.aggregateId());
            ((BigIntVector) root.getVector("sequence")).setSafe(i, e.sequence());
            ((BigIntVector) root.getVector("global_index")).setSafe(i, e.globalIndex());
            ((IntVector) root.getVector("kafka_partition")).setSafe(i, row.kafkaPartition());
            ((BigIntVector) root.getVector("kafka_offset")).setSafe(i, row.kafkaOffset());
            timestamp(root, "event_time", i, e.eventTime());
            timestamp(root, "ingested_at", i, row.ingestedAt());
            text(root, "correlation_id", i, row.correlationId());
            text(root, "payload", i, e.payload());
        }
        root.setRowCount(rows.size());
    }

    static void writeQuarantine(VectorSchemaRoot root, List<QuarantinedRecord> rows) {
        root.allocateNew();
        for (int i = 0; i < rows.size(); i++) {
            QuarantinedRecord row = rows.get(i);
            ((IntVector) root.getVector("kafka_partition")).setSafe(i, row.kafkaPartition());
            ((BigIntVector) root.getVector("kafka_offset")).setSafe(i, row.kafkaOffset());
            text(root, "event_id", i, row.eventId());
            text(root, "type", i, row.type());
            text(root, "reason", i, row.reason());
            text(root, "record", i, row.record());
            timestamp(root, "quarantined_at", i, row.quarantinedAt());
        }
        root.setRowCount(rows.size());
    }

    /** The events of a batch read back, for silver (which needs no Kafka coordinates). */
    static void readEvents(VectorSchemaRoot root, Consumer<BronzeEvent> sink) {
        VarCharVector eventId = (VarCharVector) root.getVector("event_id");
        VarCharVector type = (VarCharVector) root.getVector("type");
        IntVector version = (IntVector) root.getVector("version");
        VarCharVector aggregateType = (VarCharVector) root.getVector("aggregate_type");
        VarCharVector aggregateId = (VarCharVector) root.getVector("aggregate_id");
        BigIntVector sequence = (BigIntVector) root.getVector("sequence");
        BigIntVector globalIndex = (BigIntVector) root.getVector("global_index");
        TimeStampMicroTZVector eventTime = (TimeStampMicroTZVector) root.getVector("event_time");
        VarCharVector payload = (VarCharVector) root.getVector("payload");
        for (int i = 0; i < root.getRowCount(); i++) {
            sink.accept(new BronzeEvent(string(eventId, i), string(type, i), version.get(i), string(aggregateType, i),
                    string(aggregateId, i), sequence.get(i), globalIndex.get(i), instant(eventTime.get(i)),
                    string(payload, i)));
        }
    }

    static void text(VectorSchemaRoot root, String column, int row, String value) {
        VarCharVector vector = (VarCharVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, value.getBytes(StandardCharsets.UTF_8));
        }
    }

    static void timestamp(VectorSchemaRoot root, String column, int row, Instant value) {
        TimeStampMicroTZVector vector = (TimeStampMicroTZVector) root.getVector(column);
        if (value == null) {
            vector.setNull(row);
        } else {
            vector.setSafe(row, ChronoUnit.MICROS.between(Instant.EPOCH, value));
        }
    }

    static String string(VarCharVector vector, int row) {
        return vector.isNull(row) ? null : new String(vector.get(row), StandardCharsets.UTF_8);
    }

    static Instant instant(long micros) {
        return Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
