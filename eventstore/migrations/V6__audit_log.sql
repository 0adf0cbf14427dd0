-- Who did what to the platform: every operator action and every SQL statement, with its parameters, how it ended and
-- how long it took. Append-only: the service only inserts, and the database refuses to change or remove a row
-- (retention is a deliberate act of the database's owner, not something an API call can do).
CREATE TABLE audit_log (
    id          BIGSERIAL    PRIMARY KEY,
    at          TIMESTAMPTZ  NOT NULL,
    actor       VARCHAR(255) NOT NULL,
    roles       VARCHAR(255) NOT NULL,
    action      VARCHAR(255) NOT NULL,
    parameters  JSONB        NOT NULL,
    outcome     TEXT         NOT NULL,
    duration_ms BIGINT       NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
END
$$;
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
