package io.seamline.seam.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.seamline.http.ApiFixtures;
import io.seamline.seam.fault.InjectedFaults;
import io.seamline.seam.log.TopicEnds;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The read models' OpenLineage events, read from the JSON lines file the service writes by default: a commit is a
 * run of its model's job that read the new event's topic offset and wrote the model's tables (the warehouse's at
 * their versions, gold with column lineage from its SQL); a replay is a START then a COMPLETE run under the replay
 * job's id, with the offsets it read and the versions it swapped in; and every event is valid OpenLineage.
 */
@QuarkusTest
class OpenLineageEventsIT {

    @Inject
    LineageEmitter emitter;

    @Inject
    TopicEnds topic;

    @Inject
    InjectedFaults faults;

    @Test
    void aCommit_isACompleteRunOfItsModel_readingTheEventsOffset_writingItsTables() {
        Map.Entry<Integer, Long> created = newEvent();
        int partition = created.getKey();
        long offset = created.getValue();

        JsonNode rowstore = await().atMost(EVENTUALLY).until(() -> completeRunReading("rowstore", partition, offset),
                Optional::isPresent).orElseThrow();
        JsonNode warehouse = await().atMost(EVENTUALLY).until(() -> completeRunReading("warehouse", partition,
                offset), Optional::isPresent).orElseThrow();

        for (JsonNode complete : List.of(rowstore, warehouse)) {
            List<JsonNode> run = run(complete.path("run").path("runId").asText());
            assertThat(run).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
            assertThat(time(run.get(0))).isBeforeOrEqualTo(time(run.get(1)));
            assertThat(complete.path("job").path("namespace").asText()).isEqualTo("seamline");
            assertThat(complete.path("job").path("facets").path("jobType").path("processingType").asText())
                    .isEqualTo("STREAMING");
        }
        assertThat(names(rowstore.path("outputs"))).containsExactly("rowstore.rowstore_product",
                "rowstore.rowstore_order");
        assertThat(names(warehouse.path("outputs"))).contains("warehouse.bronze.events", "warehouse.silver.products",
                "warehouse.gold.fact_sales", "warehouse.gold.daily_revenue");
        assertThat(output(warehouse, "warehouse.bronze.events").path("facets").path("version")
                .path("datasetVersion").asLong()).isPositive();
        JsonNode revenue = output(warehouse, "warehouse.gold.daily_revenue").path("facets").path("columnLineage");
        assertThat(inputFields(revenue.path("fields").path("net_revenue").path("inputFields")))
                .containsExactlyInAnyOrder("warehouse.silver.order_lines.amount DIRECT AGGREGATION",
                        "warehouse.silver.orders.status INDIRECT CONDITIONAL");
        assertThat(inputFields(revenue.path("dataset"))).contains(
                "warehouse.silver.orders.order_id INDIRECT JOIN", "warehouse.silver.order_lines.order_id INDIRECT JOIN",
                "warehouse.silver.order_lines.category INDIRECT GROUP_BY");
    }

    @Test
    void aBatchThatFailsToApply_isAFailedRunWithItsError_thenItsRetryACompleteOne() {
        faults.failNextBatch(Set.of("rowstore"));
        try {
            Map.Entry<Integer, Long> created = newEvent();

            JsonNode failed = await().atMost(EVENTUALLY).until(() -> runReading("FAIL", "rowstore", created.getKey(),
                    created.getValue()), Optional::isPresent).orElseThrow();
            assertThat(failed.path("run").path("facets").path("errorMessage").path("message").asText())
                    .contains("injected fault: rowstore fails this batch once");
            assertThat(run(failed.path("run").path("runId").asText())).extracting(e -> e.path("eventType").asText())
                    .containsExactly("START", "FAIL");
            await().atMost(EVENTUALLY).until(() -> runReading("COMPLETE", "rowstore", created.getKey(),
                    created.getValue()), Optional::isPresent);
        } finally {
            faults.clear();
        }
    }

    @Test
    void aReplay_isAStartThenACompleteRun_withTheOffsetsItReadAndTheVersionsItSwappedIn() {
        Map<Integer, Long> ends = new TreeMap<>(topic.endOffsets());

        JsonPath job = ApiFixtures.replay("warehouse");
        String id = job.getString("id");

        // the job is done before its COMPLETE is written
        List<JsonNode> run = await().atMost(EVENTUALLY).until(() -> run(id), events -> events.size() >= 2);
        assertThat(run).extracting(e -> e.path("eventType").asText()).containsExactly("START", "COMPLETE");
        JsonNode complete = run.get(1);
        assertThat(complete.path("job").path("name").asText()).isEqualTo("warehouse");
        assertThat(complete.path("job").path("facets").path("jobType").path("processingType").asText())
                .isEqualTo("BATCH");
        JsonNode offsets = complete.path("inputs").path(0).path("inputFacets").path(LineageEmitter.OFFSETS_FACET);
        Map<Integer, Long> read = new TreeMap<>();
        Map<Integer, Long> from = new TreeMap<>();
        offsets.path("partitions").forEach(p -> {
            read.put(p.path("partition").asInt(), p.path("nextOffset").asLong());
            from.put(p.path("partition").asInt(), p.path("fromOffset").asLong());
        });
        assertThat(read).as("the offsets it read up to").isEqualTo(ends);
        assertThat(from.values()).as("from the start of the topic").containsOnly(0L);
        assertThat(output(complete, "warehouse.bronze.events").path("facets").path("version").path("datasetVersion")
                .asLong()).as("the bronze version it swapped in").isEqualTo(job.getLong("details.bronzeVersion"));
        JsonNode replay = complete.path("run").path("facets").path("seamline_replay");
        assertThat(replay.path("generation").asText()).isEqualTo(job.getString("details.generation"));
        assertThat(replay.path("done").asLong()).isEqualTo(job.getLong("done"));
        assertThat(output(run.get(0), "warehouse.bronze.events").path("facets").isMissingNode())
                .as("a START names what it will write, without versions it has not produced").isTrue();
    }

    @Test
    void everyEventWritten_isAValidOpenLineageEvent() {
        ApiFixtures.createProduct("3.00");
        await().atMost(EVENTUALLY).until(() -> lines().size() >= 2);

        List<String> lines = lines();
        for (String line : lines) {
            assertThat(LineageSchema.violations(line)).as("violations of %s", line).isEmpty();
        }
    }

    /** Creates a product; returns the partition and offset of its event in the topic. */
    private Map.Entry<Integer, Long> newEvent() {
        Map<Integer, Long> before = topic.endOffsets();
        ApiFixtures.createProduct("12.00");
        Map<Integer, Long> after = await().atMost(EVENTUALLY).until(topic::endOffsets, ends -> !ends.equals(before));
        int partition = after.keySet().stream().filter(p -> !after.get(p).equals(before.getOrDefault(p, 0L)))
                .findFirst().orElseThrow();
        return Map.entry(partition, before.getOrDefault(partition, 0L));
    }

    private Optional<JsonNode> completeRunReading(String job, int partition, long offset) {
        return runReading("COMPLETE", job, partition, offset);
    }

    /** The {@code type} event of a commit run of {@code job} whose input offsets cover {@code offset} of a partition. */
    private Optional<JsonNode> runReading(String type, String job, int partition, long offset) {
        return events().stream()
                .filter(e -> e.path("eventType").asText().equals(type))
                .filter(e -> e.path("job").path("name").asText().equals(job))
                .filter(e -> e.path("job").path("facets").path("jobType").path("processingType").asText()
                        .equals("STREAMING"))
                .filter(e -> {
                    for (JsonNode range : e.path("inputs").path(0).path("inputFacets").path(LineageEmitter.OFFSETS_FACET)
                            .path("partitions")) {
                        if (range.path("partition").asInt() == partition && range.path("fromOffset").asLong() <= offset
                                && offset < range.path("nextOffset").asLong()) {
                            return true;
                        }
                    }
                    return false;
                }).findFirst();
    }

    private List<JsonNode> run(String runId) {
        return events().stream().filter(e -> e.path("run").path("runId").asText().equals(runId)).toList();
    }

    private List<JsonNode> events() {
        return lines().stream().map(LineageSchema::read).toList();
    }

    private List<String> lines() {
        Path file = emitter.file().orElseThrow();
        try {
            return Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList()
                    : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ZonedDateTime time(JsonNode event) {
        return ZonedDateTime.parse(event.path("eventTime").asText());
    }

    private static List<String> names(JsonNode datasets) {
        List<String> names = new ArrayList<>();
        datasets.forEach(d -> names.add(d.path("name").asText()));
        return names;
    }

    private static JsonNode output(JsonNode event, String name) {
        for (JsonNode output : event.path("outputs")) {
            if (output.path("name").asText().equals(name)) {
                return output;
            }
        }
        throw new AssertionError("no output " + name + " in " + event);
    }

    /** Input fields as {@code dataset.field TYPE SUBTYPE}. */
    private static List<String> inputFields(JsonNode fields) {
        List<String> described = new ArrayList<>();
        fields.forEach(f -> described.add(f.path("name").asText() + "." + f.path("field").asText() + " "
                + f.path("transformations").path(0).path("type").asText() + " "
                + f.path("transformations").path(0).path("subtype").asText()));
        return described;
    }
}
