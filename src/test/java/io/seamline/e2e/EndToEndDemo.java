package io.seamline.e2e;

import io.seamline.bench.Evidence;
import io.seamline.bench.HarnessExit;
import io.seamline.e2e.ProductUpdateFlow.Check;
import io.seamline.e2e.ProductUpdateFlow.Outcome;
import io.seamline.eval.SeededDemoService;
import io.seamline.seamcheck.Timeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code make demo}: runs {@link ProductUpdateFlow} against the service at {@code demo.url} when one answers there, or
 * else against one it starts on free ports and seeds with the demo catalogue (under {@code target/demo-data}, deleted
 * afterwards), then writes {@code docs/evidence/e2e-flow.md}. Exits 1 when a hop was not reached or a store did not
 * show the change.
 */
public final class EndToEndDemo {

    private final Path project = Path.of("").toAbsolutePath();
    private final String url = System.getProperty("demo.url", "").strip();
    private final Path dataDir = project.resolve("target/demo-data");
    private final Duration seedTimeout = Duration.ofMinutes(Long.getLong("demo.seed-minutes", 15));
    private final Duration indexTimeout = Duration.ofMinutes(Long.getLong("demo.index-minutes", 30));
    /** 0: the whole demo catalogue (seamline.seed=demo); n: only its first n products, each sold once. */
    private final int catalogue = Integer.getInteger("demo.catalogue", 0);
    private volatile SeededDemoService own;
    private volatile DemoService unseeded;

    public static void main(String[] args) throws Exception {
        EndToEndDemo demo = new EndToEndDemo();
        HarnessExit.run(demo::run, demo::shutdown);
    }

    private int run() throws IOException {
        Instant started = Instant.now();
        Timeline timeline = new Timeline(System.out::println);
        Map<String, String> facts = DemoService.facts(project, started);
        DemoApi api = DemoService.runningAt(project, url, timeline, facts);
        if (api == null && catalogue > 0) {
            timeline.note("no service answers at %s: starting one on free ports with the first %d products of the demo"
                    + " catalogue, each sold once (-Ddemo.catalogue)", url.isEmpty() ? "(none named)" : url, catalogue);
            unseeded = DemoService.launchUnseeded(project, dataDir);
            double ready = unseeded.readySeconds();
            timeline.note("service (pid %d) ready %.1f s after launch", unseeded.process().pid(), ready);
            api = unseeded.api();
            long seeding = System.nanoTime();
            SmallCatalogue.seed(api, catalogue);
            facts.put("Instance", String.format("`java -jar target/quarkus-app/quarkus-run.jar` with `-Dseamline.seed=none`"
                    + " on an empty data directory, started by the demo (ready %.1f s after launch), then the first %d"
                    + " products of the demo catalogue created and sold once each through the API (%.1f s): the"
                    + " short mode (`-Ddemo.catalogue=%d`), so the vector search ranks among %d products, not 6,764",
                    ready, catalogue, (System.nanoTime() - seeding) / 1e9, catalogue, catalogue));
        } else if (api == null) {
            timeline.note("no service answers at %s: starting one on free ports and seeding the demo catalogue "
                    + "(a few minutes; the demo itself then takes under two)", url.isEmpty() ? "(none named)" : url);
            own = SeededDemoService.start(project, dataDir, List.of(), seedTimeout, indexTimeout, false, timeline::note);
            api = new HttpDemoApi(own.service()::request);
            facts.put("Instance", String.format("`java -jar target/quarkus-app/quarkus-run.jar` with "
                            + "`-Dseamline.seed=demo` on an empty data directory, started by the demo: ready %.1f s, "
                            + "seeded %.1f s, both search indexes at global index %d %.1f s after launch",
                    own.readySeconds(), own.seededSeconds(), own.head(), own.indexedSeconds()));
        }
        int from = timeline.size();
        Outcome outcome = new ProductUpdateFlow(api, timeline, ProductUpdateFlow.Settings.fromSystemProperties()).run();
        Path page = Evidence.page(project, "e2e-flow.md");
        FlowPage.write(page, FlowPage.markdown(outcome, facts, timeline.markdownSince(from)));
        System.out.println("wrote " + project.relativize(page.toAbsolutePath()));
        for (Check failed : outcome.failures()) {
            System.out.println("FAILED " + failed.store() + ": expected " + failed.expected() + ", saw " + failed.seen());
        }
        return outcome.failures().size();
    }

    private void shutdown() {
        DemoService p = unseeded;
        if (p != null) {
            unseeded = null;
            p.close();
        }
        SeededDemoService s = own;
        if (s != null) {
            own = null;
            s.close();
        }
    }
}
