package io.seamline.projection.warehouse.bronze;

import org.apache.arrow.vector.types.pojo.Schema;

import java.util.List;

import static io.seamline.projection.warehouse.table.ColumnTypes.int32;
import static io.seamline.projection.warehouse.table.ColumnTypes.int64;
import static io.seamline.projection.warehouse.table.ColumnTypes.nullable;
import static io.seamline.projection.warehouse.table.ColumnTypes.text;
import static io.seamline.projection.warehouse.table.ColumnTypes.timestamp;

/**
 * The Arrow schema of each bronze table. {@code projections/warehouse/contract.yaml} declares the same schemas, and a
 * test keeps the two equal.
 */
public final class BronzeSchemas {

    public static final Schema EVENTS = new Schema(List.of(
            text("event_id"), text("type"), int32("schema_version"), text("aggregate_type"), text("aggregate_id"),
            int64("sequence"), int64("global_index"), int32("kafka_partition"), int64("kafka_offset"),
            timestamp("event_time"), timestamp("ingested_at"), nullable(text("correlation_id")), text("payload")));

    /** Records the landing could not accept, with the reason; the landing goes on past them. */
    public static final Schema QUARANTINE = new Schema(List.of(
            int32("kafka_partition"), int64("kafka_offset"), nullable(text("event_id")), nullable(text("type")),
            text("reason"), text("record"), timestamp("quarantined_at")));

    private BronzeSchemas() {
    }
}
