package io.seamline.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Every evidence page says which commit it was measured at, and that commit is in this repository's history. */
class EvidencePagesTest {

    private static final Path REPO = Path.of("").toAbsolutePath();

    @Test
    void everyEvidencePage_namesTheCommitItWasMeasuredAt_inThisHistory() throws IOException {
        assumeHistory();

        assertEquals(List.of(), problems(REPO.resolve(Evidence.DEFAULT_DIR)),
                "evidence pages without a Source: commit line, or naming a commit this history does not have");
    }

    @Test
    void aPageWithoutACommit_orWithOneOutsideThisHistory_isReported(@TempDir Path dir) throws IOException {
        assumeHistory();
        String head = git("rev-parse", "--short", "HEAD").orElseThrow().trim();
        Files.writeString(dir.resolve("measured.md"), "# Run\n\n| Fact | Value |\n|---|---|\n| Source | commit " + head
                + " plus uncommitted changes to `pom.xml` |\n");
        Files.writeString(dir.resolve("prose.md"), "# Run\n\nSource: commit " + head + "\n");
        Files.writeString(dir.resolve("unnamed.md"), "# Run\n\nMeasured on a quiet afternoon.\n");
        // the hash vector-tuning.md named before it was corrected: a commit rebased away
        Files.writeString(dir.resolve("rebased.md"), "# Run\n\n| Source | commit 9d703db |\n");

        assertEquals(List.of("rebased.md: commit 9d703db is not in this repository's history",
                        "unnamed.md: no `Source: commit <hash>` line (or `| Source | commit <hash>` fact)"),
                problems(dir));
    }

    /** What is wrong with the pages in {@code dir}, one line per page, by file name. */
    private static List<String> problems(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> pages = Files.list(dir)) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String name = page.getFileName().toString();
                Optional<String> commit = Evidence.commitOf(Files.readString(page));
                if (commit.isEmpty()) {
                    problems.add(name + ": no `Source: commit <hash>` line (or `| Source | commit <hash>` fact)");
                } else if (git("merge-base", "--is-ancestor", commit.get(), "HEAD").isEmpty()) {
                    problems.add(name + ": commit " + commit.get() + " is not in this repository's history");
                }
            }
        }
        return problems;
    }

    /** A source tarball has no history to check against, nor has a shallow clone: then there is nothing to test. */
    private static void assumeHistory() {
        assumeTrue(Files.exists(REPO.resolve(".git")), "no .git: the pages' commits cannot be checked");
        assumeTrue(git("rev-parse", "--is-shallow-repository").map(String::trim).orElse("false").equals("false"),
                "a shallow clone: the pages' commits may be older than its history");
    }

    private static Optional<String> git(String... args) {
        List<String> command = new ArrayList<>(List.of("git", "-C", REPO.toString()));
        command.addAll(List.of(args));
        return Optional.ofNullable(ProcessOutput.of(command, false, Duration.ofSeconds(30)));
    }
}
