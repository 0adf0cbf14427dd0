package io.seamline.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What every harness that writes an evidence page shares (the benchmarks, the search evaluation, the vector tuning,
 * the chaos run): where the page goes, and the commit it was measured at. Pages go to {@code docs/evidence} unless
 * the system property {@code evidence.dir} names another directory ({@code make evidence} writes its short runs to
 * {@code target/evidence}, so the committed full-size pages stay as they were measured).
 */
public final class Evidence {

    public static final String DIR_PROPERTY = "evidence.dir";
    public static final String DEFAULT_DIR = "docs/evidence";
    /**
     * How a page names its source: {@code | Source | commit <hash>…} in a facts table or {@code Source: commit
     * <hash>…} in prose. {@code EvidencePagesTest} requires one in every page, naming a commit of this history.
     */
    public static final Pattern SOURCE = Pattern.compile("(?m)^(?:\\| Source \\| |Source: )commit ([0-9a-f]{7,40})\\b");
    /** What a measured build is made of: changes anywhere else do not change what was measured. */
    private static final List<String> BUILD = List.of("src", "pom.xml", "eventstore", "projections", "Makefile");

    private Evidence() {
    }

    /** Where the page {@code name} goes: {@code <evidence.dir>/<name>} under the project. */
    public static Path page(Path project, String name) {
        return project.resolve(System.getProperty(DIR_PROPERTY, DEFAULT_DIR)).resolve(name);
    }

    /**
     * The page's source fact: {@code commit <hash>}, with the build files that differed from it when there were
     * uncommitted changes, or {@code unknown (no git)}.
     */
    public static String source(Path project) {
        String head = git(project, "rev-parse", "--short", "HEAD");
        if (head == null) {
            return "unknown (no git)";
        }
        head = head.trim();
        List<String> command = new ArrayList<>(List.of("status", "--porcelain", "--"));
        command.addAll(BUILD);
        String dirty = git(project, command.toArray(String[]::new));
        // porcelain lines are two status letters, a space and the path
        return dirty == null || dirty.isBlank() ? "commit " + head
                : "commit " + head + " plus uncommitted changes to " + String.join(", ",
                dirty.lines().filter(l -> l.length() > 3).map(l -> "`" + l.substring(3) + "`").toList());
    }

    /** The commit a page names in its source line, if it has one. */
    public static Optional<String> commitOf(String page) {
        Matcher m = SOURCE.matcher(page);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String git(Path project, String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", project.toString()));
        command.addAll(List.of(args));
        return ProcessOutput.of(command, false, Duration.ofSeconds(30));
    }
}
