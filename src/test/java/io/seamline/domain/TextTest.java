package io.seamline.domain;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What text the write side lets through to the stores, field kind by field kind. */
class TextTest {

    @ParameterizedTest
    @ValueSource(strings = {"\u0000", "\u0001", "\u001F", "\u007F", "\u0080", "\u009F", "\u000B", "\u000C"})
    void controlCharacters_areRefusedInSingleAndMultiLineText(String control) {
        assertRefused("control-character", () -> Text.singleLine("title", "a" + control + "b", 500));
        assertRefused("control-character", () -> Text.multiLine("description", "a" + control + "b"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\t", "\n", "\r", "\r\n"})
    void tabAndLineBreaks_passMultiLineText_butNotSingleLine(String spacing) {
        assertThat(Text.multiLine("description", "a" + spacing + "b")).isEqualTo("a" + spacing + "b");
        assertRefused("control-character", () -> Text.singleLine("title", "a" + spacing + "b", 500));
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uD800", "\uDBFF", "\uDC00", "\uDFFF", "\uDE00\uD83D"})
    void loneSurrogates_areRefusedAsInvalidText(String broken) {
        assertRefused("invalid-text", () -> Text.singleLine("title", "x" + broken, 500));
        assertRefused("invalid-text", () -> Text.multiLine("description", broken + "x"));
    }

    @Test
    void surrogatePairsAndOtherUnicode_pass() {
        String text = "Ünïcødé ✓ 日本語 \uD83D\uDE00 \u2028 \uFEFF";
        assertThat(Text.singleLine("title", text, 500)).isEqualTo(text);
        assertThat(Text.required("title", text, 500)).isEqualTo(text);
    }

    @Test
    void theOffendingCharacterAndItsIndex_areNamed() {
        assertThatThrownBy(() -> Text.singleLine("customerId", "c-\u00001", 64))
                .hasMessageContaining("customerId").hasMessageContaining("U+0000").hasMessageContaining("index 2");
    }

    @Test
    void lengthIsCheckedAgainstTheColumn_andNullPassesOptionalFields() {
        assertThat(Text.singleLine("category", "c".repeat(500), Text.CATEGORY)).hasSize(500);
        assertRefused("too-long", () -> Text.singleLine("category", "c".repeat(501), Text.CATEGORY));
        assertThat(Text.singleLine("category", null, Text.CATEGORY)).isNull();
        assertThat(Text.multiLine("description", null)).isNull();
        assertRefused("required", () -> Text.required("sku", " ", Text.SKU));
    }

    private static void assertRefused(String rule, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RuleViolation.class,
                v -> assertThat(v.rule()).isEqualTo(rule));
    }
}
