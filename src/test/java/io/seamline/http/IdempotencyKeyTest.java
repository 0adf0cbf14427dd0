package io.seamline.http;

import io.seamline.domain.RuleViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The idempotency key's form: 1-255 printable ASCII characters; a missing key means "not deduplicated". */
class IdempotencyKeyTest {

    @Test
    void parse_absent_isNull() {
        assertThat(IdempotencyKey.parse(null, IdempotencyKey.HEADER)).isNull();
    }

    @Test
    void parse_printableAscii_keepsItAsSent() {
        String key = "order 42/retry-1 ~!";
        assertThat(IdempotencyKey.parse(key, IdempotencyKey.HEADER).value()).isEqualTo(key);
    }

    @Test
    void parse_255Characters_accepted() {
        assertThat(IdempotencyKey.parse("k".repeat(255), IdempotencyKey.HEADER).value()).hasSize(255);
    }

    @Test
    void parse_256Characters_refusedNamingTheField() {
        assertInvalid("k".repeat(256), IdempotencyKey.HEADER);
    }

    @Test
    void parse_empty_refused() {
        assertInvalid("", IdempotencyKey.HEADER);
    }

    @Test
    void parse_blank_refused() {
        assertInvalid("   ", IdempotencyKey.GRAPHQL_ARGUMENT);
    }

    @Test
    void parse_controlOrNonAsciiCharacter_refused() {
        assertInvalid("a\tb", IdempotencyKey.HEADER);
        assertInvalid("a\u0000b", IdempotencyKey.HEADER);
        assertInvalid("caf\u00e9", IdempotencyKey.GRAPHQL_ARGUMENT);
        assertInvalid("\u0394", IdempotencyKey.GRAPHQL_ARGUMENT);
        assertInvalid("a\u007fb", IdempotencyKey.HEADER);
    }

    @Test
    void reused_is422RuleNamingTheKeysField() {
        RuleViolation reused = IdempotencyKey.parse("k1", IdempotencyKey.GRAPHQL_ARGUMENT).reused();
        assertThat(reused.rule()).isEqualTo("idempotency-key-reused");
        assertThat(reused.field()).isEqualTo("idempotencyKey");
        assertThat(reused.getMessage()).contains("idempotency-key-reused");
    }

    private static void assertInvalid(String raw, String field) {
        assertThatThrownBy(() -> IdempotencyKey.parse(raw, field))
                .isInstanceOfSatisfying(RuleViolation.class, e -> {
                    assertThat(e.rule()).isEqualTo("idempotency-key-invalid");
                    assertThat(e.field()).isEqualTo(field);
                });
    }
}
