-- Idempotency keys of commands: a client that retries a command with the same Idempotency-Key gets the first
-- answer back instead of a second effect. A key is written in the same transaction as the events of the command
-- it answers, so there is never a key without its events or events without their key; a racing duplicate fails
-- on the primary key at commit and rolls its own events back.
CREATE TABLE idempotency_key (
    caller       VARCHAR(255) NOT NULL,  -- who sent it ('' before authentication): keys are per caller
    idem_key     VARCHAR(255) NOT NULL,
    fingerprint  CHAR(64)     NOT NULL,  -- SHA-256 (hex) of the command's type and canonical body, without generated ids
    command_type VARCHAR(255) NOT NULL,
    -- the first answer, enough to give it again exactly
    status       SMALLINT     NOT NULL,
    aggregate_id VARCHAR(255) NOT NULL,
    version      BIGINT       NOT NULL,
    location     VARCHAR(1024),
    created_at   TIMESTAMPTZ  NOT NULL,  -- a key expires seamline.idempotency.ttl after this
    PRIMARY KEY (caller, idem_key)
);
-- the purge deletes by age
CREATE INDEX idempotency_key_created_at ON idempotency_key (created_at);
