package io.seamline.platform.idempotency;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The key store on the real PostgreSQL, with a clock the test moves: per-caller keys, expiry, reuse, purge. */
@QuarkusTest
class IdempotencyKeysIT {

    private static final Duration TTL = Duration.ofHours(24);
    private static final StoredAnswer ANSWER = new StoredAnswer(201, "order-1", 0, "/api/orders/order-1");

    @Inject
    DataSource dataSource;

    private MovableClock clock;
    private IdempotencyKeys keys;

    @BeforeEach
    void newStore() {
        clock = new MovableClock(Instant.now());
        keys = new IdempotencyKeys(dataSource, clock, TTL);
    }

    private static IdempotencyClaim claim(String caller, String key, String fingerprint) {
        return new IdempotencyClaim(caller, key, fingerprint, ANSWER.status(), ANSWER.aggregateId(), ANSWER.location());
    }

    private static String fingerprint(String of) {
        return Fingerprint.of(of);
    }

    private void record(IdempotencyClaim claim, StoredAnswer answer) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            keys.record(c, claim, "PlaceOrderCommand", answer);
        }
    }

    @Test
    void find_recordedKey_givesTheAnswerBack() throws SQLException {
        String key = UUID.randomUUID().toString();
        record(claim("alice", key, fingerprint("a")), ANSWER);
        RecordedKey found = keys.find("alice", key).orElseThrow();
        assertThat(found.answer()).isEqualTo(ANSWER);
        assertThat(found.sameRequest(fingerprint("a"))).isTrue();
        assertThat(found.sameRequest(fingerprint("b"))).isFalse();
    }

    @Test
    void keys_arePerCaller() throws SQLException {
        String key = UUID.randomUUID().toString();
        record(claim("alice", key, fingerprint("a")), ANSWER);
        assertThat(keys.find("bob", key)).isEmpty();
        StoredAnswer bobs = new StoredAnswer(201, "order-2", 0, "/api/orders/order-2");
        record(claim("bob", key, fingerprint("b")), bobs);
        assertThat(keys.find("bob", key).orElseThrow().answer()).isEqualTo(bobs);
        assertThat(keys.find("alice", key).orElseThrow().answer()).isEqualTo(ANSWER);
    }

    @Test
    void record_liveKey_throwsKeyAlreadyRecordedAndKeepsTheFirst() throws SQLException {
        String key = UUID.randomUUID().toString();
        record(claim("alice", key, fingerprint("a")), ANSWER);
        clock.advance(TTL.minusSeconds(1));
        assertThatThrownBy(() -> record(claim("alice", key, fingerprint("b")),
                new StoredAnswer(201, "order-9", 0, null))).isInstanceOf(KeyAlreadyRecorded.class);
        assertThat(keys.find("alice", key).orElseThrow().answer()).isEqualTo(ANSWER);
    }

    @Test
    void find_atTtl_keyHasExpired_andMayBeRecordedAgain() throws SQLException {
        String key = UUID.randomUUID().toString();
        record(claim("alice", key, fingerprint("a")), ANSWER);
        clock.advance(TTL.minusMillis(1));
        assertThat(keys.find("alice", key)).isPresent();
        clock.advance(Duration.ofMillis(1));
        assertThat(keys.find("alice", key)).as("a key at its ttl").isEmpty();

        StoredAnswer second = new StoredAnswer(200, "order-1", 3, null);
        record(claim("alice", key, fingerprint("b")), second);
        RecordedKey again = keys.find("alice", key).orElseThrow();
        assertThat(again.answer()).isEqualTo(second);
        assertThat(again.sameRequest(fingerprint("b"))).isTrue();
        assertThat(again.createdAt()).isEqualTo(clock.instant());
    }

    @Test
    void purgeExpired_deletesExpiredKeysOnly() throws SQLException {
        String old = UUID.randomUUID().toString();
        String young = UUID.randomUUID().toString();
        record(claim("alice", old, fingerprint("a")), ANSWER);
        clock.advance(Duration.ofHours(12));
        record(claim("alice", young, fingerprint("a")), ANSWER);
        clock.advance(Duration.ofHours(13));

        assertThat(keys.purgeExpired()).isGreaterThanOrEqualTo(1);
        assertThat(rows(old)).isZero();
        assertThat(rows(young)).isEqualTo(1);
        assertThat(keys.find("alice", young)).isPresent();
    }

    @Test
    void newStore_nonPositiveTtl_refused() {
        assertThatThrownBy(() -> new IdempotencyKeys(dataSource, clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seamline.idempotency.ttl");
    }

    private long rows(String key) throws SQLException {
        try (Connection c = dataSource.getConnection();
             var query = c.prepareStatement("select count(*) from idempotency_key where idem_key = ?")) {
            query.setString(1, key);
            try (var rs = query.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A clock that stands still until the test moves it. */
    private static final class MovableClock extends Clock {
        private Instant now;

        MovableClock(Instant now) {
            // PostgreSQL keeps microseconds: a finer instant would not read back equal
            this.now = now.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
