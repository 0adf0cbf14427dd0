package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.TimeStampMicroTZVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.eventsAfter;
import static io.seamline.http.ApiFixtures.logHead;
import static io.seamline.http.ApiFixtures.problemBody;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** REST tests for /api/warehouse: rows as JSON and Arrow as of a version, the versions list, and every refusal. */
@QuarkusTest
class WarehouseApiIT {

    private static final String EVENTS = "/api/warehouse/bronze/events";
    private static final String ARROW = "application/vnd.apache.arrow.stream";
    /** The most rows a read may ask for: enough for every event the suite writes, so ours are always among them. */
    private static final int ALL = 100_000;

    // --- rows as JSON ----------------------------------------------------------------------------

    @Test
    void rows_afterACreate_carryTheEventWithOnlyTheRequestedColumns() {
        long before = logHead();
        String product = createProduct("12.50");
        Map<String, Object> event = eventOf(product, before);

        JsonPath page = awaitLanded((String) event.get("eventId"), "event_id,aggregate_id,global_index,type");

        assertEquals("bronze.events", page.getString("table"));
        assertEquals(List.of("event_id", "aggregate_id", "global_index", "type"), page.getList("columns"));
        Map<String, Object> row = row(page, (String) event.get("eventId"));
        assertEquals(List.of("event_id", "aggregate_id", "global_index", "type"), new ArrayList<>(row.keySet()));
        assertEquals(product, row.get("aggregate_id"));
        assertEquals("ProductCreated", row.get("type"));
        assertEquals(((Number) event.get("globalIndex")).longValue(), ((Number) row.get("global_index")).longValue());
        List<Map<String, Object>> rows = page.getList("rows");
        assertThat(rows).allSatisfy(r -> assertThat(r).containsOnlyKeys("event_id", "aggregate_id", "global_index",
                "type"));
        assertThat(page.getLong("watermark.maxGlobalIndex")).isGreaterThanOrEqualTo(
                ((Number) event.get("globalIndex")).longValue());
        assertThat(page.getMap("watermark.kafkaOffsets")).isNotEmpty();
        assertEquals(-1, page.getLong("watermark.sourceVersion"));
        assertThat(page.getLong("tableVersion")).isPositive();
        assertThat(Instant.parse(page.getString("committedAt"))).isBefore(Instant.now().plusSeconds(1));
    }

    @Test
    void rows_noParameters_everyColumnAndAtMost100Rows() {
        long before = logHead();
        String product = createProduct("3.00");
        awaitLanded((String) eventOf(product, before).get("eventId"), "event_id");
        JsonPath page = api().get(EVENTS).then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
        assertEquals(List.of("event_id", "type", "schema_version", "aggregate_type", "aggregate_id", "sequence",
                "global_index", "kafka_partition", "kafka_offset", "event_time", "ingested_at", "correlation_id",
                "payload"), page.getList("columns"));
        assertThat(page.getList("rows")).isNotEmpty().hasSizeLessThanOrEqualTo(100);
        assertEquals(page.getList("columns"), new ArrayList<>(page.<String, Object>getMap("rows[0]").keySet()));
    }

    @Test
    void rows_limit1_exactlyOneRow() {
        long before = logHead();
        String product = createProduct("3.00");
        awaitLanded((String) eventOf(product, before).get("eventId"), "event_id");
        api().queryParam("limit", 1).get(EVENTS).then().statusCode(200)
                .body("rows.size()", equalTo(1));
    }

    @Test
    void rows_asOfAnEarlierVersion_exactlyItsRowsAfterMoreWrites() {
        long before = logHead();
        String first = createProduct("4.00");
        JsonPath earlier = awaitLanded((String) eventOf(first, before).get("eventId"), "event_id");
        long version = earlier.getLong("tableVersion");
        List<String> earlierIds = earlier.getList("rows.event_id");

        long between = logHead();
        String second = createProduct("5.00");
        String secondEvent = (String) eventOf(second, between).get("eventId");
        JsonPath later = awaitLanded(secondEvent, "event_id");
        assertThat(later.getLong("tableVersion")).isGreaterThan(version);

        JsonPath asOfVersion = read(Map.of("asOf", version, "columns", "event_id", "limit", ALL));
        assertEquals(version, asOfVersion.getLong("tableVersion"));
        assertEquals(earlierIds, asOfVersion.getList("rows.event_id"));
        assertThat(asOfVersion.getList("rows.event_id", String.class)).doesNotContain(secondEvent);
        assertEquals(earlier.getMap("watermark"), asOfVersion.getMap("watermark"));

        JsonPath asOfTime = read(Map.of("asOf", earlier.getString("committedAt"), "columns", "event_id",
                "limit", ALL));
        assertEquals(version, asOfTime.getLong("tableVersion"));
        assertEquals(earlierIds, asOfTime.getList("rows.event_id"));
    }

    // --- rows as Arrow ---------------------------------------------------------------------------

    @Test
    void rows_acceptArrow_anArrowStreamOfTheRequestedColumnsWithTheJsonValues() throws IOException {
        long before = logHead();
        String product = createProduct("6.00");
        long version = awaitLanded((String) eventOf(product, before).get("eventId"), "event_id").getLong("tableVersion");
        Map<String, Object> params = Map.of("asOf", version, "columns", "event_id,global_index,event_time",
                "limit", ALL);
        JsonPath json = read(params);

        Response arrow = api().accept(ARROW).queryParams(params).get(EVENTS);

        arrow.then().statusCode(200).contentType(ARROW)
                .header("Seamline-Table", "bronze.events")
                .header("Seamline-Table-Version", String.valueOf(version))
                .header("Seamline-Committed-At", json.getString("committedAt"))
                .header("Seamline-Watermark-Global-Index", json.getString("watermark.maxGlobalIndex"))
                .header("Seamline-Watermark-Source-Version", "-1");
        Map<String, Object> offsets = json.getMap("watermark.kafkaOffsets");
        assertEquals(offsets.entrySet().stream().sorted(Comparator.comparing(e -> Integer.parseInt(e.getKey())))
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")),
                arrow.header("Seamline-Watermark-Kafka-Offsets"));
        List<Map<String, Object>> expected = new ArrayList<>();
        for (Map<String, Object> row : json.<Map<String, Object>>getList("rows")) {
            expected.add(Map.of("event_id", row.get("event_id"),
                    "global_index", ((Number) row.get("global_index")).longValue(),
                    "event_time", Instant.parse((String) row.get("event_time"))));
        }
        assertThat(expected).isNotEmpty();
        assertEquals(expected, arrowRows(arrow.asByteArray(), List.of("event_id", "global_index", "event_time")));
    }

    @Test
    void rows_acceptJsonAndArrow_jsonFirstWins() {
        api().accept("application/json, " + ARROW + ";q=0.5").get(EVENTS).then().statusCode(200)
                .contentType(ContentType.JSON);
        api().accept(ARROW + ", application/json;q=0.5").get(EVENTS).then().statusCode(200).contentType(ARROW);
    }

    // --- versions --------------------------------------------------------------------------------

    @Test
    void versions_newestFirst_theNewestMatchesItsRows() {
        long before = logHead();
        String product = createProduct("7.00");
        long seen = awaitLanded((String) eventOf(product, before).get("eventId"), "event_id").getLong("tableVersion");

        JsonPath versions = api().get("/api/warehouse/versions/bronze/events")
                .then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();

        List<Long> numbers = versions.getList("tableVersion", Long.class);
        assertThat(numbers).isNotEmpty().isSortedAccordingTo((a, b) -> Long.compare(b, a)).doesNotHaveDuplicates();
        assertThat(numbers.get(0)).isGreaterThanOrEqualTo(seen);
        List<Instant> committed = versions.getList("committedAt", String.class).stream().map(Instant::parse).toList();
        assertThat(committed).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(versions.getList("operation", String.class)).allSatisfy(op -> assertThat(op)
                .isIn("CREATE", "APPEND", "REPLACE", "COMPACT"));
        long newest = numbers.get(0);
        JsonPath rows = read(Map.of("asOf", newest, "columns", "event_id", "limit", ALL));
        assertEquals(versions.getLong("[0].rows"), rows.getList("rows").size());
        assertEquals(versions.getMap("[0].watermark"), rows.getMap("watermark"));
        assertThat(versions.getInt("[0].files")).isPositive();
        assertThat(versions.getInt("[0].added")).isNotNegative();
        assertThat(versions.getInt("[0].removed")).isNotNegative();
    }

    // --- catalogue -------------------------------------------------------------------------------

    @Test
    void catalogue_listsLayersTablesColumnsVersionsAndWatermarks_asTheTableReadsSeeThem() {
        long before = logHead();
        String product = createProduct("7.00");
        awaitLanded((String) eventOf(product, before).get("eventId"), "event_id");

        JsonPath catalogue = api().get("/api/warehouse").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
        assertThat(catalogue.getList("layers.layer")).containsExactly("bronze", "silver", "gold");
        assertThat(catalogue.getList("layers.tables.flatten().id")).contains("bronze.events", "silver.orders",
                "gold.daily_revenue");
        String events = "layers.find { it.layer == 'bronze' }.tables.find { it.id == 'bronze.events' }";
        assertThat(catalogue.getString(events + ".table")).isEqualTo("events");
        assertThat(catalogue.getString(events + ".sqlName")).isEqualTo("bronze_events");
        assertThat(catalogue.getList(events + ".columns.name")).contains("event_id");
        assertThat(catalogue.getList(events + ".columns.arrowType", String.class)).allSatisfy(type -> assertThat(type).isNotBlank());
        assertThat(catalogue.getList(events + ".columns.nullable")).allSatisfy(nullable -> assertThat(nullable)
                .isInstanceOf(Boolean.class));

        JsonPath current = api().queryParam("asOf", catalogue.getLong(events + ".tableVersion"))
                .queryParam("limit", ALL).get(EVENTS).then().statusCode(200).extract().jsonPath();
        assertThat(catalogue.getList(events + ".columns.name")).isEqualTo(current.getList("columns"));
        assertThat(catalogue.getLong(events + ".rows")).isEqualTo(current.getList("rows").size());
        assertThat(catalogue.getMap(events + ".watermark")).isEqualTo(current.getMap("watermark"));
        assertThat(catalogue.getString(events + ".committedAt")).isEqualTo(current.getString("committedAt"));
        List<Long> versions = api().get("/api/warehouse/versions/bronze/events").then().statusCode(200).extract()
                .jsonPath().getList("tableVersion", Long.class);
        // a commit (or a vacuum) may land between the two calls: the catalogue's range is the older one
        assertThat(catalogue.getLong(events + ".retainedVersions.newest")).isLessThanOrEqualTo(versions.getFirst())
                .isGreaterThanOrEqualTo(catalogue.getLong(events + ".tableVersion"));
        assertThat(catalogue.getLong(events + ".retainedVersions.oldest")).isLessThanOrEqualTo(versions.getLast());
    }

    @Test
    void rows_unknownTable_404NamesTheTables() {
        String detail = problemBody(assertProblem(api().get("/api/warehouse/gold/revenue"), 404, "not-found", null))
                .getString("detail");
        assertThat(detail).contains("gold.revenue", "gold.daily_revenue", "silver.orders", "bronze.events");
    }

    @Test
    void sql_showTablesDescribeAndInformationSchema_tellTheCatalogue() {
        List<String> sqlNames = api().get("/api/warehouse").then().statusCode(200).extract().jsonPath()
                .getList("layers.tables.flatten().sqlName");
        assertThat(sql("SHOW TABLES").getList("rows.collect { it[0] }")).containsExactlyInAnyOrderElementsOf(sqlNames);
        assertThat(sql("select table_name from information_schema.tables").getList("rows.collect { it[0] }"))
                .containsExactlyInAnyOrderElementsOf(sqlNames);
        List<String> columns = api().get("/api/warehouse").then().statusCode(200).extract().jsonPath()
                .getList("layers.tables.flatten().find { it.id == 'gold.daily_revenue' }.columns.name");
        assertThat(sql("DESCRIBE gold_daily_revenue").getList("rows.collect { it[0] }")).isEqualTo(columns);
        assertThat(sql("select column_name from information_schema.columns where table_name = 'gold_daily_revenue' "
                + "order by ordinal_position").getList("rows.collect { it[0] }")).isEqualTo(columns);
    }

    @Test
    void sql_anErrorPointsAtTheLineAndColumnOfTheStatementAsWritten() {
        String detail = problemBody(assertProblem(ApiFixtures.json(Map.of("sql",
                "select event_id,\n       nope\nfrom bronze_events")).post("/api/warehouse/sql"), 400, "invalid-sql",
                "sql")).getString("detail");
        assertThat(detail).endsWith("(line 2, column 8)").doesNotContain("\")\"");
    }

    private static JsonPath sql(String statement) {
        return ApiFixtures.json(Map.of("sql", statement)).post("/api/warehouse/sql").then().statusCode(200).extract()
                .jsonPath();
    }

    // --- day range -------------------------------------------------------------------------------

    @Test
    void rows_fromTo_onlyTheDaysPartitionsInRange() {
        long before = logHead();
        String product = createProduct("8.00");
        String eventId = (String) eventOf(product, before).get("eventId");
        JsonPath landed = awaitLanded(eventId, "event_id,event_time");
        LocalDate day = dayOf((String) row(landed, eventId).get("event_time"));

        JsonPath untilTheDayBefore = read(Map.of("to", day.minusDays(1).toString(), "columns", "event_id,event_time",
                "limit", ALL));
        assertThat(untilTheDayBefore.getList("rows.event_id", String.class)).doesNotContain(eventId);
        assertThat(untilTheDayBefore.getList("rows.event_time", String.class)).allSatisfy(t ->
                assertThat(dayOf(t)).isBefore(day));

        JsonPath thatDay = read(Map.of("from", day.toString(), "to", day.toString(), "columns", "event_id,event_time",
                "limit", ALL));
        assertThat(thatDay.getList("rows.event_id", String.class)).contains(eventId);
        assertThat(thatDay.getList("rows.event_time", String.class)).allSatisfy(t ->
                assertThat(dayOf(t)).isEqualTo(day));

        JsonPath fromTheDayAfter = read(Map.of("from", day.plusDays(1).toString(), "columns", "event_id",
                "limit", ALL));
        assertThat(fromTheDayAfter.getList("rows.event_id", String.class)).doesNotContain(eventId);
    }

    // --- refusals --------------------------------------------------------------------------------

    @Test
    void rows_unknownLayerOrTable_404NotFound() {
        assertProblem(api().get("/api/warehouse/platinum/events"), 404, "not-found", null);
        assertProblem(api().get("/api/warehouse/bronze/nope"), 404, "not-found", null);
        assertProblem(api().get("/api/warehouse/versions/gold/nope"), 404, "not-found", null);
    }

    @ParameterizedTest
    @CsvSource({
            "asOf,    yesterday",
            "asOf,    -1",
            "asOf,    2026-11-23",
            "columns, 'event_id,nope'",
            "columns, 'type,type'",
            "limit,   0",
            "limit,   100001",
            "limit,   ten",
            "from,    2026-02-30",
            "to,      tomorrow",
    })
    void rows_aParameterItCannotUse_400NamingIt(String parameter, String value) {
        assertProblem(api().queryParam(parameter, value).get(EVENTS), 400, "invalid-parameter", parameter);
    }

    @Test
    void rows_unknownColumn_theProblemListsTheTablesColumns() {
        String detail = problemBody(assertProblem(api().queryParam("columns", "event_id,nope").get(EVENTS), 400,
                "invalid-parameter", "columns")).getString("detail");
        assertThat(detail).contains("'nope'", "event_id, type, schema_version");
    }

    @Test
    void rows_toBeforeFrom_400NamingTo() {
        assertProblem(api().queryParam("from", "2026-11-24").queryParam("to", "2026-11-23").get(EVENTS), 400,
                "invalid-parameter", "to");
    }

    @Test
    void rows_asOfAVersionNotRetained_404NamingAsOf() {
        String detail = problemBody(assertProblem(api().queryParam("asOf", 999_999_999).get(EVENTS), 404,
                "version-not-found", "asOf")).getString("detail");
        assertThat(detail).contains("bronze.events has no version 999999999");
    }

    @Test
    void rows_acceptArrowWithABadParameter_stillAProblem() {
        assertProblem(api().accept(ARROW).queryParam("limit", 0).get(EVENTS), 400, "invalid-parameter", "limit");
    }

    // --- helpers ---------------------------------------------------------------------------------

    private static JsonPath read(Map<String, ?> params) {
        return api().queryParams(params).get(EVENTS).then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath();
    }

    /** The one event the log has for {@code aggregateId} after {@code after} (the creation). */
    private static Map<String, Object> eventOf(String aggregateId, long after) {
        return eventsAfter(after).stream().filter(e -> aggregateId.equals(e.get("aggregateId"))).findFirst()
                .orElseThrow();
    }

    /** Waits until the current version of bronze.events holds {@code eventId}; returns that read. */
    private static JsonPath awaitLanded(String eventId, String columns) {
        JsonPath[] page = new JsonPath[1];
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            page[0] = read(Map.of("columns", columns, "limit", ALL));
            assertThat(page[0].getList("rows.event_id", String.class)).contains(eventId);
        });
        return page[0];
    }

    private static Map<String, Object> row(JsonPath page, String eventId) {
        return page.getMap("rows.find { it.event_id == '" + eventId + "' }");
    }

    private static LocalDate dayOf(String instant) {
        return LocalDate.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static List<Map<String, Object>> arrowRows(byte[] body, List<String> columns) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (BufferAllocator allocator = new RootAllocator();
             ArrowStreamReader reader = new ArrowStreamReader(new ByteArrayInputStream(body), allocator)) {
            VectorSchemaRoot root = reader.getVectorSchemaRoot();
            assertEquals(columns, root.getSchema().getFields().stream().map(Field::getName).toList());
            while (reader.loadNextBatch()) {
                VarCharVector eventId = (VarCharVector) root.getVector("event_id");
                BigIntVector globalIndex = (BigIntVector) root.getVector("global_index");
                TimeStampMicroTZVector eventTime = (TimeStampMicroTZVector) root.getVector("event_time");
                for (int i = 0; i < root.getRowCount(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("event_id", new String(eventId.get(i), StandardCharsets.UTF_8));
                    row.put("global_index", globalIndex.get(i));
                    row.put("event_time", Instant.EPOCH.plus(eventTime.get(i), ChronoUnit.MICROS));
                    rows.add(row);
                }
            }
        }
        return rows;
    }
}
