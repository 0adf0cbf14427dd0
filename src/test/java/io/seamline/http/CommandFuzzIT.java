package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.seamline.support.TestIssuer;
import org.junit.jupiter.api.Test;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.awaitCaughtUp;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * Fuzzes every command endpoint and GraphQL mutation of the running app with the jqwik property
 * {@link CommandFuzzing} (run here through the JUnit Platform, so it talks to this app), then checks what the
 * property cannot see call by call: every accepted command reached all four read models (each is caught up and
 * reconciles with the event store with no drift) and nothing was quarantined. The outcomes per endpoint go to
 * {@code target/fuzz/commands.md}. {@code -Dfuzz.tries=N} sets the number of generated calls (default 600).
 */
@QuarkusTest
class CommandFuzzIT {

    private static final List<String> READ_MODELS = List.of("rowstore", "warehouse", "search", "vectors");
    private static final Path REPORT = Path.of("target", "fuzz", "commands.md");

    @Test
    void generatedCommands_neverA5xx_refusalsAppendNothing_acceptedReachEveryReadModel() throws Exception {
        List<String> products = IntStream.range(0, 3).mapToObj(i -> createProduct("12.50")).toList();
        List<String> orders = products.stream().map(ApiFixtures::placeOrder).toList();
        // start from read models that agree with the event store, whatever earlier tests did to them
        awaitCaughtUp(null); // reconciliation does not count what is still in flight
        READ_MODELS.forEach(model -> reconcile(model, true));
        long quarantinedBefore = newestQuarantineId();

        TestExecutionSummary summary = runProperty(products, orders);

        StringWriter failures = new StringWriter();
        summary.printFailuresTo(new PrintWriter(failures), 40);
        assertThat(summary.getTotalFailureCount()).as("the property's failures:\n%s", failures).isZero();
        assertThat(summary.getTestsSucceededCount()).as("the property ran").isEqualTo(1);
        String outcomes = Files.readString(REPORT);
        System.out.println("Command fuzzing, outcomes per endpoint:\n" + outcomes);
        assertThat(outcomes).as("some generated calls were applied").containsPattern("\\| 20[01] \\||graphql applied");

        awaitCaughtUp(null); // reconciliation does not count what is still in flight
        for (String model : READ_MODELS) {
            JsonPath report = reconcile(model, false);
            assertThat(report.getLong("drift")).as("%s differs from the event store after the fuzzing: %s", model,
                    report.prettify()).isZero();
        }
        assertThat(newestQuarantineId()).as("records quarantined during the fuzzing").isEqualTo(quarantinedBefore);
    }

    private static TestExecutionSummary runProperty(List<String> products, List<String> orders) throws Exception {
        Files.createDirectories(REPORT.getParent());
        System.setProperty(CommandFuzzing.BASE_URI, "http://localhost:" + RestAssured.port);
        System.setProperty(CommandFuzzing.TOKEN, TestIssuer.allRoles());
        System.setProperty(CommandFuzzing.PRODUCTS, String.join(",", products));
        System.setProperty(CommandFuzzing.ORDERS, String.join(",", orders));
        System.setProperty(CommandFuzzing.REPORT, REPORT.toAbsolutePath().toString());
        LauncherDiscoveryRequest request = request().selectors(selectClass(CommandFuzzing.class))
                .configurationParameter("jqwik.tries.default", System.getProperty("fuzz.tries", "600"))
                .configurationParameter("jqwik.database", "target/fuzz/jqwik-database")
                .build();
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        launcher.execute(request, listener);
        return listener.getSummary();
    }


    private static JsonPath reconcile(String model, boolean repair) {
        return command().queryParam("repair", repair).post("/api/admin/reconcile/" + model)
                .then().statusCode(200).extract().jsonPath();
    }

    private static long newestQuarantineId() {
        List<Map<String, Object>> newest = api().queryParam("limit", 1).get("/api/quarantine")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath().getList("$");
        return newest.isEmpty() ? 0 : ((Number) newest.get(0).get("id")).longValue();
    }
}
