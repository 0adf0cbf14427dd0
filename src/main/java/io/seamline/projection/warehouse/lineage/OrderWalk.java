package io.seamline.projection.warehouse.lineage;

import java.time.Instant;
import java.util.List;

/**
 * Where each event of one order is: in the event store (global index, sequence, correlation id), on Kafka and in
 * bronze (partition, offset, the bronze version that landed it), and whether silver's row and gold's facts reflect it.
 *
 * @param status       the order's status in the event store's fold
 * @param silverStatus the status of silver's row, null when silver has none
 * @param goldStatus   the status of gold's facts, null when gold has none
 */
public record OrderWalk(String orderId, String status, Version bronze, Version silver, Version gold,
                        String silverStatus, String goldStatus, List<Place> events) {

    /** The version of a table the walk read. */
    public record Version(String table, long tableVersion) {
    }

    /**
     * One event and where it is; partition, offset and bronze version are null while bronze does not hold it (the
     * version also when it is no longer retained).
     */
    public record Place(String eventId, String type, long sequence, long globalIndex, String correlationId,
                        Instant timestamp, Integer kafkaPartition, Long kafkaOffset, Long bronzeVersion,
                        boolean inSilver, boolean inGold) {
    }
}
