-- Records a consumer of the log refused (not an envelope, an unknown type, a payload that violates its schema):
-- kept with the reason and where they came from, once per consumer and offset, so nothing is dropped silently.
CREATE TABLE seam_quarantine (
    id              BIGSERIAL    PRIMARY KEY,
    consumer        VARCHAR(64)  NOT NULL,
    topic           VARCHAR(255) NOT NULL,
    topic_partition INT          NOT NULL,
    record_offset   BIGINT       NOT NULL,
    record_key      VARCHAR(255),
    event_id        VARCHAR(255),
    event_type      VARCHAR(255),
    aggregate_id    VARCHAR(255),
    reason          TEXT         NOT NULL,
    record          TEXT         NOT NULL,
    quarantined_at  TIMESTAMPTZ  NOT NULL,
    UNIQUE (consumer, topic, topic_partition, record_offset)
);
CREATE INDEX seam_quarantine_consumer ON seam_quarantine (consumer, id);
