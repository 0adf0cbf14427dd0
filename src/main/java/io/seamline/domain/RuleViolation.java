package io.seamline.domain;

/**
 * A command broke a business rule. {@code rule} is a stable name clients can switch on; {@code field}
 * names the offending input (or is null when the rule is about the aggregate's state).
 */
public class RuleViolation extends RuntimeException {
    private final String rule;
    private final String field;

    public RuleViolation(String rule, String field, String message) {
        super(message, null, false, false);
        this.rule = rule;
        this.field = field;
    }

    public String rule() {
        return rule;
    }

    public String field() {
        return field;
    }
}
