package io.seamline.domain;

/** A command lost a race: a unique value is taken, or the aggregate moved past the expected version. */
public final class Conflict extends RuleViolation {
    public Conflict(String rule, String field, String message) {
        super(rule, field, message);
    }
}
