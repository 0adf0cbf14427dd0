package io.seamline.platform.idempotency;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * The idempotency keys of commands in PostgreSQL (table {@code idempotency_key}), per caller. A key lives for
 * {@code seamline.idempotency.ttl} from its first use: lookups ignore it after that, a new command may use it
 * again, and {@link #purgeExpired()} deletes it. Nothing is held in memory, so a restarted service answers
 * retries exactly as the one that took the first request.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private static final String FIND = "select fingerprint, command_type, status, aggregate_id, version, location, "
            + "created_at from idempotency_key where caller = ? and idem_key = ? and created_at > ?";
    // An expired key is taken over; a live one is left alone, and the zero row count says the key is taken.
    private static final String RECORD = "insert into idempotency_key (caller, idem_key, fingerprint, command_type, "
            + "status, aggregate_id, version, location, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?) "
            + "on conflict (caller, idem_key) do update set fingerprint = excluded.fingerprint, "
            + "command_type = excluded.command_type, status = excluded.status, aggregate_id = excluded.aggregate_id, "
            + "version = excluded.version, location = excluded.location, created_at = excluded.created_at "
            + "where idempotency_key.created_at <= ?";
    private static final String PURGE = "delete from idempotency_key where ctid in "
            + "(select ctid from idempotency_key where created_at <= ? limit ?)";
    private static final int PURGE_BATCH = 10_000;

    private final DataSource dataSource;
    private final Clock clock;
    private final Duration ttl;

    @Inject
    IdempotencyKeys(DataSource dataSource, IdempotencyConfig config) {
        this(dataSource, Clock.systemUTC(), config.ttl());
    }

    /** A store over {@code dataSource} whose idea of "now" is {@code clock}. */
    public IdempotencyKeys(DataSource dataSource, Clock clock, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("seamline.idempotency.ttl must be positive, not " + ttl);
        }
        this.dataSource = dataSource;
        this.clock = clock;
        this.ttl = ttl;
    }

    public Duration ttl() {
        return ttl;
    }

    /** The caller's live key, if it has one by that name. */
    public Optional<RecordedKey> find(String caller, String key) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(FIND)) {
            query.setString(1, caller);
            query.setString(2, key);
            query.setObject(3, timestamp(expiredAtOrBefore()));
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                StoredAnswer answer = new StoredAnswer(row.getInt("status"), row.getString("aggregate_id"),
                        row.getLong("version"), row.getString("location"));
                return Optional.of(new RecordedKey(row.getString("fingerprint"), row.getString("command_type"), answer,
                        row.getObject("created_at", OffsetDateTime.class).toInstant()));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look up idempotency key " + key, e);
        }
    }

    /**
     * Records a key and its answer on {@code transaction}, the connection of the command's unit of work, so it
     * commits or rolls back with the command's events. Throws {@link KeyAlreadyRecorded} when the caller's key is
     * live already; a concurrent insert of the same key waits here until the other transaction ends.
     */
    public void record(Connection transaction, IdempotencyClaim claim, String commandType, StoredAnswer answer) {
        Instant now = clock.instant();
        try (PreparedStatement insert = transaction.prepareStatement(RECORD)) {
            insert.setString(1, claim.caller());
            insert.setString(2, claim.key());
            insert.setString(3, claim.fingerprint());
            insert.setString(4, commandType);
            insert.setInt(5, answer.status());
            insert.setString(6, answer.aggregateId());
            insert.setLong(7, answer.version());
            if (answer.location() == null) {
                insert.setNull(8, Types.VARCHAR);
            } else {
                insert.setString(8, answer.location());
            }
            insert.setObject(9, timestamp(now));
            insert.setObject(10, timestamp(now.minus(ttl)));
            if (insert.executeUpdate() == 0) {
                throw new KeyAlreadyRecorded(claim.key());
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not record idempotency key " + claim.key(), e);
        }
    }

    /** Deletes the expired keys, in batches so no statement holds many locks; returns how many. */
    public int purgeExpired() {
        OffsetDateTime cutoff = timestamp(expiredAtOrBefore());
        int purged = 0;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(PURGE)) {
            int deleted;
            do {
                delete.setObject(1, cutoff);
                delete.setInt(2, PURGE_BATCH);
                deleted = delete.executeUpdate();
                purged += deleted;
            } while (deleted == PURGE_BATCH);
            return purged;
        } catch (SQLException e) {
            throw new IllegalStateException("could not purge expired idempotency keys", e);
        }
    }

    // a key created at or before this instant has expired
    private Instant expiredAtOrBefore() {
        return clock.instant().minus(ttl);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
