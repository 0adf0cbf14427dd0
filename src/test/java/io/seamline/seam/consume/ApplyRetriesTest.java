package io.seamline.seam.consume;

import com.fasterxml.jackson.core.JsonParseException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The back-off between tries, and which failures are outages (never a reason to quarantine a record). */
class ApplyRetriesTest {

    @Test
    void theDelayDoublesFromTheBackoffUpToItsCap() {
        ApplyRetries retries = new ApplyRetries(5, Duration.ofMillis(100), Duration.ofSeconds(1));
        assertThat(retries.delay(1)).isEqualTo(Duration.ofMillis(100));
        assertThat(retries.delay(2)).isEqualTo(Duration.ofMillis(200));
        assertThat(retries.delay(4)).isEqualTo(Duration.ofMillis(800));
        assertThat(retries.delay(5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(retries.delay(1_000)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void noTryAtAll_isRefused() {
        assertThatThrownBy(() -> new ApplyRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .hasMessageContaining("seamline.consumers.max-attempts");
    }

    @Test
    void aStoreThatCannotWork_isAnOutage() {
        assertThat(ApplyRetries.outage(new PSQLException("connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)))
                .isTrue();
        assertThat(ApplyRetries.outage(new SQLException("terminating connection", "57P01"))).isTrue();
        assertThat(ApplyRetries.outage(new SQLException("could not extend file: No space left", "53100"))).isTrue();
        assertThat(ApplyRetries.outage(new SQLException("deadlock detected", "40P01"))).isTrue();
        assertThat(ApplyRetries.outage(new SQLTransientConnectionException("acquisition timeout"))).isTrue();
        assertThat(ApplyRetries.outage(new IllegalStateException("batch failed",
                new UncheckedIOException(new IOException("No space left on device"))))).isTrue();
    }

    @Test
    void aRecordTheStoreRefuses_isNoOutage() {
        assertThat(ApplyRetries.outage(new PSQLException("invalid byte sequence for encoding \"UTF8\": 0x00",
                PSQLState.DATA_ERROR))).isFalse();
        assertThat(ApplyRetries.outage(new SQLException("numeric field overflow", "22003"))).isFalse();
        assertThat(ApplyRetries.outage(new SQLException("unsupported Unicode escape sequence", "22P05"))).isFalse();
        assertThat(ApplyRetries.outage(new JsonParseException(null, "broken JSON"))).isFalse();
        assertThat(ApplyRetries.outage(new IllegalStateException("injected fault"))).isFalse();
    }
}
