-- Per consumer and Kafka partition: the next offset to read and the last event applied from it,
-- written in the same transaction as the consumer's data. A consumer of a partitioned topic is only
-- as fresh as its slowest partition, so freshness is computed from these rows, not from one maximum.
CREATE TABLE projection_partition_progress (
    consumer          VARCHAR(64) NOT NULL,
    topic_partition   INTEGER     NOT NULL,
    next_offset       BIGINT      NOT NULL,
    last_global_index BIGINT      NOT NULL,
    last_event_time   TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (consumer, topic_partition)
);
