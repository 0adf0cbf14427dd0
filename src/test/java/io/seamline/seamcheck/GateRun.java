package io.seamline.seamcheck;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.seamline.bench.HarnessExit;

/**
 * {@code make gate}: the CI gate. Starts the platform on a clean slate, writes the canary catalogue, lets the pipeline
 * run, then asks the service's gate ({@code POST /api/admin/gate}) whether every seam declares a freshness SLA and
 * is within it, and whether a reconciliation of every read model finds no drift. Exits 1 when it does not pass, 2
 * when the platform could not be brought up; writes the verdict to {@code target/gate/gate.md}.
 */
public final class GateRun {

    private GateRun() {
    }

    public static void main(String[] args) throws Exception {
        HarnessExit.onUncaughtFailure();
        Path project = Path.of("").toAbsolutePath();
        Timeline timeline = new Timeline(System.out::println);
        Duration settle = Duration.parse(System.getProperty("gate.settle", "PT2M"));
        JsonNode verdict;
        try (LivePlatform platform = LivePlatform.start(project, project.resolve("target/gate/platform"), Map.of(),
                timeline::note)) {
            CanaryLoad.Written canary = CanaryLoad.write(platform, 2);
            timeline.note("canary written: %d commands", canary.commands());
            verdict = awaitVerdict(platform, settle, timeline);
        } catch (RuntimeException e) {
            System.err.println("gate: the platform could not be brought up: " + e.getMessage());
            System.exit(2);
            return;
        }
        Path out = project.resolve("target/gate/gate.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Seam gate, " + Instant.now() + "\n\n" + verdict.path("markdown").asText()
                + "\n\n## What the gate saw\n\n" + timeline.markdownSince(0));
        System.out.println(verdict.path("markdown").asText());
        System.out.println("gate " + (verdict.path("passed").asBoolean() ? "PASSED" : "FAILED") + "; report " + out);
        System.exit(verdict.path("passed").asBoolean() ? 0 : 1);
    }

    /**
     * Asks the gate until it passes or {@code settle} has gone by: the canary needs time to flow through, and a seam is
     * only stale once it is past its SLA.
     */
    private static JsonNode awaitVerdict(LivePlatform platform, Duration settle, Timeline timeline) {
        long deadline = System.nanoTime() + settle.toNanos();
        while (true) {
            JsonNode verdict = platform.postOk("/api/admin/gate", null);
            boolean passed = verdict.path("passed").asBoolean();
            if (passed || System.nanoTime() > deadline) {
                timeline.note("gate %s: %d finding(s)", passed ? "passed" : "failed", verdict.path("findings").size());
                return verdict;
            }
            CanaryLoad.sleep(2000);
        }
    }
}
