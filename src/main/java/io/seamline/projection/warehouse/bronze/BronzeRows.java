package io.seamline.projection.warehouse.bronze;

import io.seamline.projection.warehouse.table.RowMapping;

import java.util.List;

import static io.seamline.projection.warehouse.table.RowMapping.int32;
import static io.seamline.projection.warehouse.table.RowMapping.int64;
import static io.seamline.projection.warehouse.table.RowMapping.text;
import static io.seamline.projection.warehouse.table.RowMapping.time;

/** Bronze rows to and from Arrow, one mapping per table, in the column order and types of {@link BronzeSchemas}. */
public final class BronzeRows {

    public static final RowMapping<BronzeRecord> EVENTS = new RowMapping<>(BronzeSchemas.EVENTS, List.of(
            text((BronzeRecord r) -> r.event().eventId()), text((BronzeRecord r) -> r.event().type()),
            int32((BronzeRecord r) -> r.event().schemaVersion()), text((BronzeRecord r) -> r.event().aggregateType()),
            text((BronzeRecord r) -> r.event().aggregateId()), int64((BronzeRecord r) -> r.event().sequence()),
            int64((BronzeRecord r) -> r.event().globalIndex()), int32(BronzeRecord::kafkaPartition),
            int64(BronzeRecord::kafkaOffset), time((BronzeRecord r) -> r.event().eventTime()),
            time(BronzeRecord::ingestedAt), text(BronzeRecord::correlationId),
            text((BronzeRecord r) -> r.event().payload())),
            r -> new BronzeRecord(new BronzeEvent(r.text(0), r.text(1), r.int32(2), r.text(3), r.text(4), r.int64(5),
                    r.int64(6), r.time(9), r.text(12)), r.int32(7), r.int64(8), r.text(11), r.time(10)));

    public static final RowMapping<QuarantinedRecord> QUARANTINE = new RowMapping<>(BronzeSchemas.QUARANTINE, List.of(
            int32(QuarantinedRecord::kafkaPartition), int64(QuarantinedRecord::kafkaOffset),
            text(QuarantinedRecord::eventId), text(QuarantinedRecord::type), text(QuarantinedRecord::reason),
            text(QuarantinedRecord::record), time(QuarantinedRecord::quarantinedAt)),
            r -> new QuarantinedRecord(r.int32(0), r.int64(1), r.text(2), r.text(3), r.text(4), r.text(5),
                    r.time(6)));

    private BronzeRows() {
    }
}
