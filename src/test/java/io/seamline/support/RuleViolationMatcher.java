package io.seamline.support;

import io.seamline.domain.RuleViolation;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;

import java.util.Objects;

/** Matches a {@link RuleViolation} by rule and field (a null field: the rule is about the aggregate's state). */
public final class RuleViolationMatcher extends TypeSafeMatcher<Throwable> {
    private final String rule;
    private final String field;

    private RuleViolationMatcher(String rule, String field) {
        super(Throwable.class);
        this.rule = rule;
        this.field = field;
    }

    public static Matcher<Throwable> violation(String rule, String field) {
        return new RuleViolationMatcher(rule, field);
    }

    @Override
    protected boolean matchesSafely(Throwable t) {
        return t instanceof RuleViolation v && rule.equals(v.rule()) && Objects.equals(field, v.field());
    }

    @Override
    public void describeTo(Description d) {
        d.appendText("RuleViolation with rule ").appendValue(rule).appendText(" and field ").appendValue(field);
    }

    @Override
    protected void describeMismatchSafely(Throwable t, Description d) {
        if (t instanceof RuleViolation v) {
            d.appendText("had rule ").appendValue(v.rule()).appendText(" and field ").appendValue(v.field());
        } else {
            d.appendText("was ").appendValue(t);
        }
    }
}
