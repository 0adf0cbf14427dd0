package io.seamline.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.audit.Audited;
import io.seamline.domain.NotFound;
import io.seamline.platform.Roles;
import io.seamline.projection.warehouse.JsonRows;
import io.seamline.projection.warehouse.WarehouseCatalog;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.WarehouseResult;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.projection.warehouse.InvalidQueryParameter;
import io.seamline.projection.warehouse.sql.WarehouseSql;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The warehouse's tables over HTTP, as of any retained version: rows as JSON or as an Arrow IPC stream, both
 * streamed a batch at a time, and the versions a table retains.
 */
@Path("/api/warehouse")
public class WarehouseResource {

    public static final String ARROW_STREAM = "application/vnd.apache.arrow.stream";
    private static final MediaType ARROW_STREAM_TYPE = MediaType.valueOf(ARROW_STREAM);

    /** One retained version of a table: what its commit did and what it holds. */
    public record Version(long tableVersion, Instant committedAt, TableManifest.Operation operation, int files,
                          long rows, int added, int removed, TableManifest.Watermark watermark) {

        static Version of(TableManifest m) {
            return new Version(m.version(), m.committedAt(), m.operation(), m.files().size(), m.rows(),
                    m.added().size(), m.removed().size(), m.watermark());
        }
    }

    private final WarehouseQuery query;
    private final ObjectMapper json;

    WarehouseResource(WarehouseQuery query, ObjectMapper json) {
        this.query = query;
        this.json = json;
    }

    /**
     * Rows of {@code layer.table} as of {@code asOf} (a version or an ISO instant; absent: current). JSON unless
     * the client accepts Arrow first; either way the version and watermark are also in Seamline-* headers.
     */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{layer}/{table}")
    @Produces({MediaType.APPLICATION_JSON, ARROW_STREAM})
    public Response rows(@Parameter(description = "bronze, silver or gold", example = ApiExamples.LAYER)
                         @PathParam("layer") String layer,
                         @Parameter(description = "A table of the layer (GET /api/warehouse lists them)",
                                 example = ApiExamples.TABLE)
                         @PathParam("table") String table,
                         @Parameter(description = ApiExamples.AS_OF_DESCRIPTION, example = ApiExamples.INSTANT_LATER)
                         @QueryParam("asOf") String asOf,
                         @Parameter(description = "Column names, comma-separated, in the order wanted; absent: all",
                                 example = ApiExamples.COLUMNS)
                         @QueryParam("columns") String columns,
                         @Parameter(description = "At most this many rows", example = "1000")
                         @QueryParam("limit") String limit,
                         @Parameter(description = "First day (ISO date) of a table partitioned by day, inclusive",
                                 example = ApiExamples.FIRST_DAY)
                         @QueryParam("from") String from,
                         @Parameter(description = "Last day (ISO date) of a table partitioned by day, inclusive",
                                 example = ApiExamples.LAST_DAY)
                         @QueryParam("to") String to, @Context HttpHeaders headers) {
        WarehouseResult result = query.read(table(layer, table),
                WarehouseParameters.read(asOf, columns, limit, from, to));
        boolean arrow = wantsArrow(headers);
        StreamingOutput body = arrow ? result::writeArrowStream : out -> writeJson(result, out);
        TableManifest.Watermark watermark = result.watermark();
        return Response.ok(body, arrow ? ARROW_STREAM : MediaType.APPLICATION_JSON)
                .header("Seamline-Table", result.table())
                .header("Seamline-Table-Version", result.version())
                .header("Seamline-Committed-At", result.committedAt())
                .header("Seamline-Watermark-Global-Index", watermark.maxGlobalIndex())
                .header("Seamline-Watermark-Kafka-Offsets", watermark.kafkaOffsets().entrySet().stream()
                        .sorted(Map.Entry.comparingByKey())
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")))
                .header("Seamline-Watermark-Source-Version", watermark.sourceVersion())
                .build();
    }

    /** What OpenAPI says of a SQL statement's asOf. */
    private static final String ASOF_DESCRIPTION = "Which version of each table the statement reads. Absent: every "
            + "table at its current version. An ISO-8601 instant: every table as it was at that time. An object: "
            + "each table it names (by SQL name, gold_daily_revenue, or id, gold.daily_revenue) as of its own "
            + "version number (JSON number or numeric string) or ISO-8601 instant, every other table current. A key "
            + "that names no table, or a table the statement does not read, is refused (400, field asOf.<key>), as "
            + "is a lone version number (versions are per table); a version the table does not retain is 404 "
            + "version-not-found naming asOf.<key>.";

    /**
     * A read-only SQL statement over the warehouse: {@code sql}, and optionally {@code asOf} (an ISO instant for every
     * table, or an object pinning tables to their own version or instant) and {@code limit}.
     */
    public record SqlRequest(String sql,
                             @Schema(description = ASOF_DESCRIPTION, oneOf = {String.class, Map.class}, example =
                                     "{\"gold_daily_revenue\": 12, \"silver_orders\": \"2026-12-06T08:00:00Z\"}")
                             JsonNode asOf,
                             String limit) {
    }

    /** What a statement answered, and the version of each table it read. */
    public record SqlAnswer(List<String> columns, List<List<Object>> rows, boolean truncated,
                            Map<String, Version> tables) {
    }

    /**
     * Runs one read-only SQL statement in DuckDB over the tables it names, each as of the version {@code asOf} gives
     * it (see {@link SqlRequest}); the answer's {@code tables} names the version of each table it read.
     */
    @RolesAllowed(Roles.ANALYST)
    @Audited
    @POST
    @Path("/sql")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public SqlAnswer sql(@RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
            @ExampleObject(name = "revenue", summary = "Net revenue per category, current tables",
                    value = ApiExamples.SQL_REVENUE),
            @ExampleObject(name = "as-of", summary = "Every table as it was at an instant",
                    value = ApiExamples.SQL_AS_OF),
            @ExampleObject(name = "pinned", summary = "One table pinned to an instant, the others current",
                    value = ApiExamples.SQL_PINNED)}))
                         SqlRequest request) {
        if (request == null) {
            throw new InvalidQueryParameter("sql", "a JSON body with sql is required");
        }
        Long limit = request.limit() == null || request.limit().isBlank() ? null
                : WarehouseParameters.limit(request.limit(), query.sqlMaxRows());
        WarehouseSql.Result result = query.sql(request.sql(), WarehouseParameters.sqlAsOf(request.asOf()), limit);
        Map<String, Version> tables = new LinkedHashMap<>();
        result.versions().forEach((table, version) -> tables.put(table, Version.of(version)));
        return new SqlAnswer(result.columns(), result.rows(), result.truncated(), tables);
    }

    /** The versions {@code layer.table} retains, newest first. */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/versions/{layer}/{table}")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Version> versions(@Parameter(description = "bronze, silver or gold", example = ApiExamples.LAYER)
                                  @PathParam("layer") String layer,
                                  @Parameter(description = "A table of the layer", example = ApiExamples.TABLE)
                                  @PathParam("table") String table) {
        return table(layer, table).versions().reversed().stream().map(Version::of).toList();
    }

    /**
     * The catalogue: every layer's tables with their columns (name, Arrow type, nullable), current version and when it
     * was committed, rows, the versions retained for asOf and the watermark. The same tables and columns answer
     * {@code information_schema}, {@code SHOW TABLES} and {@code DESCRIBE} in the SQL endpoint.
     */
    @RolesAllowed(Roles.READER)
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public WarehouseCatalog catalog() {
        return query.catalog();
    }

    private ArrowTable table(String layer, String table) {
        return table(query, layer, table);
    }

    /** The table {@code layer.table}, or a 404 naming the tables there are: for every adapter that reads one. */
    static ArrowTable table(WarehouseQuery query, String layer, String table) {
        return query.find(layer, table).orElseThrow(() -> new NotFound("warehouse table", layer + "." + table,
                "the tables are " + String.join(", ", query.catalog().tableIds()) + " (GET /api/warehouse lists "
                        + "them with their columns)"));
    }

    /** Arrow only when the client ranks it above JSON; a wildcard Accept gets the JSON default. */
    private static boolean wantsArrow(HttpHeaders headers) {
        for (MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (accepted.isCompatible(ARROW_STREAM_TYPE)) {
                return true;
            }
        }
        return false;
    }

    // Written row by row rather than built as one object, so a large limit costs one batch of memory, not all rows.
    private void writeJson(WarehouseResult result, OutputStream out) throws IOException {
        try (JsonGenerator body = json.createGenerator(out)) {
            body.writeStartObject();
            body.writeStringField("table", result.table());
            body.writeNumberField("tableVersion", result.version());
            body.writePOJOField("committedAt", result.committedAt());
            body.writePOJOField("watermark", result.watermark());
            body.writePOJOField("columns", result.columns());
            body.writeArrayFieldStart("rows");
            result.batches(batch -> {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    body.writePOJO(JsonRows.row(batch, i));
                }
                return true;
            });
            body.writeEndArray();
            body.writeEndObject();
        }
    }
}
