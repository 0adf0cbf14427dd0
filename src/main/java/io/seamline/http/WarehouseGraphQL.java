package io.seamline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.platform.Roles;
import io.seamline.projection.warehouse.JsonRows;
import io.seamline.projection.warehouse.WarehouseQuery;
import io.seamline.projection.warehouse.WarehouseResult;
import io.seamline.projection.warehouse.table.TableManifest;
import io.seamline.seam.trace.EventTrace;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The warehouse's tables, the revenue dashboard and event traces over GraphQL, with the parameters, limits, roles and
 * refusals of {@code GET /api/warehouse/{layer}/{table}}, {@code GET /api/dashboard/revenue} and {@code /api/trace}
 * (the same code checks them).
 */
@GraphQLApi
@ExplainRefusals
public class WarehouseGraphQL {

    /** Rows of one table version; each row a JSON object as a string, since GraphQL has no JSON type. */
    public record TableRows(String table, long tableVersion, Instant committedAt, TableManifest.Watermark watermark,
                            List<String> columns, List<String> rows) {
    }

    /** The traced event as the event store has it (a type of its own: GraphQL already has an Event). */
    public record TracedEvent(String eventId, String type, String aggregateId, long sequence, long globalIndex,
                              Instant appendedAt) {
    }

    /** One hop of a trace; status is REACHED, PENDING or NOT_RECORDED (GraphQL already has a Status). */
    public record TraceHop(String hop, String status, Instant at, String from, Long lagFromMillis,
                           Long sinceAppendMillis, Integer partition, Long offset) {
    }

    /** One event's path through the platform, as {@code GET /api/trace} answers it. */
    public record EventPath(TracedEvent event, List<TraceHop> hops) {

        static EventPath of(EventTrace.Trace trace) {
            EventTrace.Event e = trace.event();
            return new EventPath(new TracedEvent(e.eventId(), e.type(), e.aggregateId(), e.sequence(), e.globalIndex(),
                    e.appendedAt()), trace.hops().stream().map(h -> new TraceHop(h.hop(), h.status().name(), h.at(),
                    h.from(), h.lagFromMillis(), h.sinceAppendMillis(), h.partition(), h.offset())).toList());
        }
    }

    private final WarehouseQuery query;
    private final EventTrace traces;
    private final ObjectMapper json;

    WarehouseGraphQL(WarehouseQuery query, EventTrace traces, ObjectMapper json) {
        this.query = query;
        this.traces = traces;
        this.json = json;
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("Rows of a warehouse table (layer bronze, silver or gold) as GET /api/warehouse/{layer}/{table} "
            + "answers them: asOf a version or ISO-8601 instant, columns comma-separated, limit 1-"
            + WarehouseQuery.MAX_LIMIT + " (default " + WarehouseQuery.DEFAULT_LIMIT + "), from/to days of a "
            + "day-partitioned table. Each row is a JSON object as a string.")
    public TableRows warehouseTable(@Name("layer") String layer, @Name("table") String table,
                                    @Name("asOf") String asOf, @Name("columns") String columns,
                                    @Name("limit") Integer limit, @Name("from") String from, @Name("to") String to)
            throws IOException {
        WarehouseResult result = query.read(WarehouseResource.table(query, layer, table),
                WarehouseParameters.read(asOf, columns, text(limit), from, to));
        List<String> rows = new ArrayList<>();
        result.batches(batch -> {
            for (int i = 0; i < batch.getRowCount(); i++) {
                rows.add(asJson(JsonRows.row(batch, i)));
            }
            return true;
        });
        return new TableRows(result.table(), result.version(), result.committedAt(), result.watermark(),
                result.columns(), rows);
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("Revenue per day, category and currency as GET /api/dashboard/revenue answers it: category a path "
            + "prefix by whole levels, level rolls categories up to their first n levels, limit 1-1000 (default "
            + "100), cursor the nextCursor of the previous page, asOf a version or ISO-8601 instant.")
    public DashboardResource.Page dashboard(@Name("from") String from, @Name("to") String to,
                                            @Name("category") String category, @Name("level") Integer level,
                                            @Name("limit") Integer limit, @Name("cursor") String cursor,
                                            @Name("asOf") String asOf) throws IOException {
        return DashboardResource.page(query, from, to, category, text(level), text(limit), cursor, asOf);
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("The propagation trace of one event, by eventId or by aggregateId and sequence (GET /api/trace).")
    public EventPath trace(@Name("eventId") String eventId, @Name("aggregateId") String aggregateId,
                           @Name("sequence") Long sequence) {
        return EventPath.of(eventId != null ? TraceResource.byId(traces, eventId)
                : TraceResource.byAggregate(traces, aggregateId, sequence == null ? null : sequence.toString()));
    }

    private String asJson(Object row) {
        try {
            return json.writeValueAsString(row);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(Integer value) {
        return value == null ? null : value.toString();
    }
}
