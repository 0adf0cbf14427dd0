-- Bookkeeping of the seams, beside the log they measure against.
-- Per consumer: how far into the log its state reflects; written in the same transaction as its rows.
CREATE TABLE projection_watermark (
    consumer           VARCHAR(64) PRIMARY KEY,
    last_global_index  BIGINT      NOT NULL,
    last_event_time    TIMESTAMPTZ NOT NULL,
    updated_at         TIMESTAMPTZ NOT NULL,
    applied_events     BIGINT      NOT NULL DEFAULT 0,
    skipped_events     BIGINT      NOT NULL DEFAULT 0
);

-- Sequence gaps a consumer saw: an event arrived whose predecessor it never applied.
CREATE TABLE projection_gap (
    id                BIGSERIAL    PRIMARY KEY,
    consumer          VARCHAR(64)  NOT NULL,
    aggregate_id      VARCHAR(64)  NOT NULL,
    expected_sequence BIGINT       NOT NULL,
    got_sequence      BIGINT       NOT NULL,
    global_index      BIGINT       NOT NULL,
    seen_at           TIMESTAMPTZ  NOT NULL,
    UNIQUE (consumer, aggregate_id, got_sequence)
);
