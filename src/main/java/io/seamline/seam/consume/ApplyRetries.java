package io.seamline.seam.consume;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.kafka.common.errors.RetriableException;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * How a consumer of the log retries what it cannot apply: up to {@code maxAttempts} tries, waiting {@code backoff}
 * after the first failure and twice as long after each further one, at most {@code maxBackoff}. A record that still
 * fails after that many tries on its own, while its store is reachable, is poison: the consumer quarantines it and
 * goes on. A failure that says the store itself is unreachable ({@link #outage}) never makes a record poison.
 */
public record ApplyRetries(int maxAttempts, Duration backoff, Duration maxBackoff) {

    /** SQLSTATE classes of a database that cannot work now: connection, resources, operator, system, rollback. */
    private static final Set<String> OUTAGE_STATES = Set.of("08", "40", "53", "57", "58");

    public ApplyRetries {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("seamline.consumers.max-attempts must be at least 1, not "
                    + maxAttempts);
        }
    }

    /** How long to wait after the {@code failures}-th failure in a row (1 for the first). */
    public Duration delay(int failures) {
        long factor = 1L << Math.min(Math.max(failures - 1, 0), 20);
        Duration doubled = backoff.multipliedBy(factor);
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    /**
     * Whether a failure says the store (or the broker) cannot work at the moment, whatever record is applied: a lost
     * connection, a full disk, a shutdown, a timeout, a deadlock. Such a failure is retried for as long as it lasts and
     * never makes a record poison. Bad data (an encoding, a value out of range, a constraint) is not an outage.
     */
    public static boolean outage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLTransientException || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException || t instanceof RetriableException
                    || t instanceof TimeoutException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().length() >= 2
                    && OUTAGE_STATES.contains(sql.getSQLState().substring(0, 2))) {
                return true;
            }
            // a file or socket that failed; a JSON or charset error is about the data, though typed as I/O
            if (t instanceof IOException && !(t instanceof JsonProcessingException)
                    && !(t instanceof CharacterCodingException)) {
                return true;
            }
        }
        return false;
    }
}
