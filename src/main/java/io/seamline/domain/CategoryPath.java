package io.seamline.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A category path such as {@code Home & Kitchen > Kitchen & Dining > Knives}: compared by whole levels, ignoring case
 * and the spaces around {@code >}, so the prefix {@code home & kitchen>kitchen & dining} matches that path but
 * {@code Home & Kitchen > Kitchen} does not (it stops inside a level).
 */
public final class CategoryPath {

    /** How levels are joined in the normal form. */
    public static final String SEPARATOR = " > ";
    /** The category of a product nobody categorised (the demo marks those it cannot derive so). */
    public static final String UNCATEGORISED = "Uncategorised";

    private CategoryPath() {
    }

    /** The path's levels trimmed, lower-cased and joined by {@value #SEPARATOR}; null when it has no level. */
    public static String normalise(String path) {
        if (path == null) {
            return null;
        }
        String joined = Arrays.stream(path.split(">")).map(String::strip).filter(level -> !level.isEmpty())
                .map(level -> level.toLowerCase(Locale.ROOT)).collect(Collectors.joining(SEPARATOR));
        return joined.isEmpty() ? null : joined;
    }

    /** The first level as written ({@code A > B > C} gives {@code A}); null for no category. */
    public static String top(String path) {
        return upTo(path, 1);
    }

    /**
     * The first {@code levels} levels as written, trimmed and joined by {@value #SEPARATOR} ({@code A>B > C} up to 2
     * gives {@code A > B}); the whole path when it has fewer; null for no category.
     */
    public static String upTo(String path, int levels) {
        if (path == null) {
            return null;
        }
        String joined = Arrays.stream(path.split(">")).map(String::strip).filter(level -> !level.isEmpty())
                .limit(levels).collect(Collectors.joining(SEPARATOR));
        return joined.isEmpty() ? null : joined;
    }

    /** Whether {@code path} is no category at all or {@value #UNCATEGORISED}. */
    public static boolean uncategorised(String path) {
        String normal = normalise(path);
        return normal == null || normal.equals(normalise(UNCATEGORISED));
    }

    /** Whether {@code path} is the normalised {@code prefix} or lies below it. */
    public static boolean within(String path, String normalisedPrefix) {
        String normal = normalise(path);
        return normal != null && (normal.equals(normalisedPrefix) || normal.startsWith(normalisedPrefix + SEPARATOR));
    }
}
