package io.seamline.e2e;

import io.seamline.bench.Evidence;
import io.seamline.bench.HarnessExit;
import io.seamline.e2e.LineageScenarios.Check;
import io.seamline.e2e.LineageScenarios.Outcome;
import io.seamline.e2e.LineageScenarios.Step;
import io.seamline.seamcheck.Timeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code make demo-lineage}: runs {@link LineageScenarios} against the service at {@code demo.url} when one answers
 * there, or else against one it starts on free ports without the demo catalogue (under {@code target/lineage-data},
 * deleted afterwards; each scenario creates the one product it sells), then writes {@code docs/evidence/lineage.md}.
 * Exits 1 when a verdict, comparison or convergence was not as expected.
 */
public final class LineageDemo {

    private final Path project = Path.of("").toAbsolutePath();
    private final String url = System.getProperty("demo.url", "").strip();
    private final Path dataDir = project.resolve("target/lineage-data");
    private volatile DemoService own;

    public static void main(String[] args) throws Exception {
        LineageDemo demo = new LineageDemo();
        HarnessExit.run(demo::run, demo::shutdown);
    }

    private int run() throws IOException {
        Instant started = Instant.now();
        Timeline timeline = new Timeline(System.out::println);
        Map<String, String> facts = DemoService.facts(project, started);
        DemoApi api = DemoService.runningAt(project, url, timeline, facts);
        if (api == null) {
            timeline.note("no service answers at %s: starting one on free ports with an empty data directory",
                    url.isEmpty() ? "(none named)" : url);
            own = DemoService.launchUnseeded(project, dataDir);
            timeline.note("service (pid %d) ready %.1f s after launch", own.process().pid(), own.readySeconds());
            api = own.api();
            facts.put("Instance", String.format("`java -jar target/quarkus-app/quarkus-run.jar` with"
                    + " `-Dseamline.seed=none` on an empty data directory, started by the demo (ready %.1f s after launch); each scenario"
                    + " creates its own product", own.readySeconds()));
        }
        int from = timeline.size();
        LineageScenarios scenarios = new LineageScenarios(api, timeline,
                LineageScenarios.Settings.fromSystemProperties());
        Step setup = scenarios.enableFaults();
        List<Outcome> outcomes = scenarios.runAll();
        facts.put("Duration", String.format("%.1f s for the three scenarios (%s)", outcomes.stream()
                .mapToDouble(Outcome::seconds).sum(), String.join(", ", outcomes.stream()
                .map(o -> String.format("%.1f s", o.seconds())).toList())));
        Path page = Evidence.page(project, "lineage.md");
        FlowPage.write(page, LineagePage.markdown(outcomes, setup, facts, timeline.markdownSince(from)));
        System.out.println("wrote " + project.relativize(page.toAbsolutePath()));
        int failures = 0;
        for (Outcome o : outcomes) {
            for (Check failed : o.failures()) {
                failures++;
                System.out.println("FAILED " + o.fault().title + ", " + failed.what() + ": expected "
                        + failed.expected() + ", saw " + failed.seen());
            }
        }
        return failures;
    }

    private void shutdown() {
        DemoService s = own;
        if (s != null) {
            own = null;
            s.close();
        }
    }
}
