package io.seamline;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The README lists what the Makefile and CI really run, so a new target or CI step cannot go unmentioned. */
class ReadmeTest {

    private static final Path REPO = Path.of("").toAbsolutePath();
    /** A rule of the Makefile (not a variable assignment); check-java is a step of the others, not a target to run. */
    private static final Pattern RULE = Pattern.compile("(?m)^([a-z][a-z-]*):(?!=)");
    /** A step of .ci/run: its wall-clock limit and the make target it runs. */
    private static final Pattern CI_STEP = Pattern.compile("(?m)^timeout\\b.*?\\b(\\d+)m make ([a-z-]+)\\s*$");

    @Test
    void everyMakeTarget_hasARowInTheReadme() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        List<String> missing = new ArrayList<>();
        Matcher rule = RULE.matcher(Files.readString(REPO.resolve("Makefile")));
        while (rule.find()) {
            String target = rule.group(1);
            if (!target.equals("check-java") && !readme.contains("\n| `make " + target + "` |")) {
                missing.add(target);
            }
        }

        assertEquals(List.of(), missing, "make targets without a row in README's 'Every make target'");
    }

    @Test
    void ciSteps_andTheirLimits_areTheOnesTheReadmeNames() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        Matcher step = CI_STEP.matcher(Files.readString(REPO.resolve(".ci/run")));
        List<String> steps = new ArrayList<>();
        while (step.find()) {
            steps.add("`make " + step.group(2) + "` (" + step.group(1) + " min)");
        }
        assertFalse(steps.isEmpty(), ".ci/run runs no `timeout …m make <target>` step");
        String line = readme.lines().filter(l -> l.startsWith("| `.ci/run` |")).findFirst().orElse("");

        assertEquals("| `.ci/run` | what CI runs, each step under a wall-clock limit: " + String.join(", ", steps) + " |",
                line, "README's .ci/run row against what .ci/run runs");
    }
}
