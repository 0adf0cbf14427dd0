package io.seamline.http;

import io.seamline.domain.Text;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.platform.Roles;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.seamline.projection.warehouse.lineage.Comparison;
import io.seamline.projection.warehouse.lineage.Lineage;
import io.seamline.projection.warehouse.lineage.OrderWalk;
import io.seamline.projection.warehouse.lineage.RevenueWalk;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.monitor.Freshness;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

/** The same commands and queries as the REST API, over GraphQL at /graphql; validation is shared. */
@GraphQLApi
@ExplainRefusals
public class SeamlineGraphQL {

    private static final String KEY_DESCRIPTION = "1-255 printable ASCII characters: a retry with the same key gets "
            + "the first answer back and changes nothing; the same key with other input is an error "
            + "(idempotency-key-reused). Keys are kept for seamline.idempotency.ttl (24 h).";

    private final Commands commands;
    private final RowStoreQueries rows;
    private final ProductResource products;
    private final OrderResource orders;
    private final LogResource log;
    private final EventLog eventLog;
    private final Lineage lineage;

    SeamlineGraphQL(Commands commands, RowStoreQueries rows, ProductResource products, OrderResource orders,
                    LogResource log, EventLog eventLog, Lineage lineage) {
        this.lineage = lineage;
        this.commands = commands;
        this.rows = rows;
        this.products = products;
        this.orders = orders;
        this.log = log;
        this.eventLog = eventLog;
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    @Description("Adds a product; the SKU must be unused.")
    public CommandAccepted createProduct(@Name("product") ProductRequests.Create product,
                                         @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                         String idempotencyKey) {
        return products.create(key(idempotencyKey), product).accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    @Description("Changes any subset of a product's fields; expectedVersion gives optimistic concurrency.")
    public CommandAccepted updateProduct(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                         @Name("change") ProductRequests.Patch change,
                                         @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                         String idempotencyKey) {
        return products.update(id, expectedVersion == null ? null : expectedVersion.toString(), key(idempotencyKey),
                change).accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    @Description("Discontinues a product for good.")
    public CommandAccepted discontinueProduct(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                              @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                              String idempotencyKey) {
        return commands.change(key(idempotencyKey), new DiscontinueProductCommand(id, expectedVersion), "product", id)
                .accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    @Description("Places an order; prices and titles come from the catalogue.")
    public CommandAccepted placeOrder(@Name("order") OrderResource.PlaceOrder order,
                                      @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                      String idempotencyKey) {
        return orders.place(key(idempotencyKey), order).accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    public CommandAccepted payOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                    @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                    String idempotencyKey) {
        return commands.change(key(idempotencyKey), new PayOrderCommand(id, expectedVersion), "order", id).accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    public CommandAccepted shipOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                     @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                     String idempotencyKey) {
        return commands.change(key(idempotencyKey), new ShipOrderCommand(id, expectedVersion), "order", id).accepted();
    }

    @Mutation
    @RolesAllowed(Roles.WRITER)
    @Blocking
    public CommandAccepted cancelOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                       @Name("reason") String reason,
                                       @Name(IdempotencyKey.GRAPHQL_ARGUMENT) @Description(KEY_DESCRIPTION)
                                       String idempotencyKey) {
        IdempotencyKey key = key(idempotencyKey);
        RequestLimits.text("reason", reason, RequestLimits.REASON);
        return commands.change(key, new CancelOrderCommand(id, expectedVersion, reason), "order", id).accepted();
    }

    private static IdempotencyKey key(String idempotencyKey) {
        return IdempotencyKey.parse(idempotencyKey, IdempotencyKey.GRAPHQL_ARGUMENT);
    }

    @Query
    @RolesAllowed(Roles.READER)
    public Uni<Views.Product> product(@Name("id") String id) {
        return rows.product(Text.required("id", id, Text.ID)).map(row -> row == null ? null : Views.product(row));
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("A page of products, as GET /api/products answers it: category (a category path prefix by whole "
            + "levels), discontinued (false by default, true or any), updatedSince (ISO instant), sort (id, updatedAt, "
            + "-updatedAt, title), limit (1 to " + ListParameters.MAX_LIMIT + ", default " + ListParameters.DEFAULT_LIMIT
            + ") and cursor (the previous page's nextCursor).")
    public Views.ProductList products(@Name("category") String category, @Name("discontinued") String discontinued,
                                      @Name("updatedSince") String updatedSince, @Name("sort") String sort,
                                      @Name("limit") Integer limit, @Name("cursor") String cursor) {
        return products.list(category, discontinued, updatedSince, sort, limit == null ? null : limit.toString(),
                cursor);
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    @Description("A page of orders, newest placed first, as GET /api/orders answers it: customerId, status (PLACED, "
            + "PAID, SHIPPED, CANCELLED), placedFrom and placedTo (ISO instants, placedFrom <= placedAt < placedTo), "
            + "limit (1 to " + ListParameters.MAX_LIMIT + ", default " + ListParameters.DEFAULT_LIMIT + ") and cursor.")
    public Views.OrderList orders(@Name("customerId") String customerId, @Name("status") String status,
                                  @Name("placedFrom") String placedFrom, @Name("placedTo") String placedTo,
                                  @Name("limit") Integer limit, @Name("cursor") String cursor) {
        return orders.list(customerId, status, placedFrom, placedTo, limit == null ? null : limit.toString(), cursor);
    }

    @Query
    @RolesAllowed(Roles.READER)
    public Uni<Views.Product> productBySku(@Name("sku") String sku) {
        return rows.productBySku(Text.required("sku", sku, Text.SKU)).map(row -> row == null ? null : Views.product(row));
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    public List<Event> productHistory(@Name("id") String id) {
        return eventLog.history(Text.required("id", id, Text.ID)).stream().map(Event::of).toList();
    }

    @Query
    @RolesAllowed(Roles.READER)
    public Uni<Views.Order> order(@Name("id") String id) {
        return rows.order(Text.required("id", id, Text.ID)).map(row -> row == null ? null : Views.order(row));
    }

    @Query
    @RolesAllowed(Roles.ANALYST)
    @Blocking
    @Description("A page of the log after a global index (-1 for the start), at most " + RequestLimits.EVENTS_PAGE
            + " events, optionally of some event types (comma-separated catalogue names) or of one aggregate; a "
            + "filtered page looks at no more than " + RequestLimits.EVENTS_EXAMINED + " events (REST's next says "
            + "where it stopped).")
    public List<Event> events(@Name("after") Long after, @Name("limit") @DefaultValue("100") Integer limit,
                              @Name("type") String type, @Name("aggregateId") String aggregateId) {
        return log.events(String.valueOf(after == null ? -1 : after), String.valueOf(limit == null ? 100 : limit),
                type, aggregateId).events().stream().map(Event::of).toList();
    }

    /** An event as GraphQL sees it: the envelope with its payload as a JSON string (GraphQL has no JSON type). */
    public record Event(String eventId, String type, int schemaVersion, String aggregateType, String aggregateId,
                        long sequence, Long globalIndex, Instant timestamp, String correlationId, String payload) {
        static Event of(EventEnvelope e) {
            return new Event(e.eventId(), e.type(), e.schemaVersion(), e.aggregateType(), e.aggregateId(), e.sequence(),
                    e.globalIndex() < 0 ? null : e.globalIndex(), e.timestamp(), e.correlationId(), e.payload().toString());
        }
    }

    @Query
    @RolesAllowed(Roles.ANALYST)
    @Blocking
    @Description("One daily_revenue cell walked back through gold, silver, bronze, Kafka and the event store, with the"
            + " verdict on which layer differs from the event store's fold and why (GET /api/lineage/revenue). asOf: an"
            + " ISO-8601 instant or a global index of the event store; limit: 1-" + Lineage.MAX_PAGE
            + " orders of detail.")
    public RevenueWalk revenueLineage(@Name("day") String day, @Name("category") String category,
                                      @Name("currency") String currency, @Name("asOf") String asOf,
                                      @Name("cursor") String cursor, @Name("limit") Integer limit) throws IOException {
        return lineage.revenue(WarehouseParameters.date("day", day), category, currency,
                WarehouseParameters.asOf("asOf", asOf), cursor, limit);
    }

    @Query
    @RolesAllowed(Roles.ANALYST)
    @Blocking
    @Description("One daily_revenue cell as of one time (an ISO-8601 instant or a global index) in every layer and "
            + "in the event store (GET /api/lineage/compare).")
    public Comparison lineageComparison(@Name("day") String day, @Name("category") String category,
                                        @Name("currency") String currency, @Name("at") String at) throws IOException {
        return lineage.compare(WarehouseParameters.date("day", day), category, currency,
                WarehouseParameters.asOf("at", at));
    }

    @Query
    @RolesAllowed(Roles.ANALYST)
    @Blocking
    @Description("Where each of one order's events is in the event store, Kafka, bronze, silver and gold.")
    public OrderWalk orderLineage(@Name("id") String id) throws IOException {
        return lineage.order(Text.required("id", id, Text.ID));
    }

    @Query
    @RolesAllowed(Roles.READER)
    @Blocking
    public List<Freshness.ConsumerFreshness> freshness() {
        return log.freshness();
    }

}
