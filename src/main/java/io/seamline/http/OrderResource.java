package io.seamline.http;

import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.platform.Roles;
import io.seamline.projection.rowstore.OrderRow;
import io.seamline.projection.rowstore.RowStoreLists;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Orders over REST: place, pay, ship, cancel; reads from the row store. */
@Path("/api/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OrderResource {

    /** POST /api/orders. */
    public record PlaceOrder(String customerId, List<Line> lines) {
        /** One requested line. */
        public record Line(String productId, Integer quantity) {
        }
    }

    /** POST /api/orders/{id}/cancel (the body is optional). */
    public record Cancel(String reason) {
    }

    /** Where orders live; a placed one at COLLECTION/id. */
    static final String COLLECTION = "/api/orders";

    private static final Set<String> LIST_PARAMETERS = Set.of("customerId", "status", "placedFrom", "placedTo",
            "limit", "cursor");
    /** The one order an order list comes in, as its cursors name it. */
    private static final String NEWEST_FIRST = "-placedAt";

    private final Commands commands;
    private final RowStoreQueries rows;
    private final RowStoreLists lists;

    OrderResource(Commands commands, RowStoreQueries rows, RowStoreLists lists) {
        this.commands = commands;
        this.rows = rows;
        this.lists = lists;
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    public Response place(@Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                  example = ApiExamples.IDEMPOTENCY_KEY)
                          @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                          @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples =
                          @ExampleObject(name = "two-units", summary = "Two units of one product",
                                  value = ApiExamples.PLACE_ORDER)))
                          PlaceOrder body) {
        return place(IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER), body).response();
    }

    CommandAnswer place(IdempotencyKey key, PlaceOrder body) {
        return commands.create(key, "order", COLLECTION, id -> toCommand(id, body));
    }

    static PlaceOrderCommand toCommand(String id, PlaceOrder body) {
        if (body == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        String customer = RequestLimits.required("customerId", body.customerId(), RequestLimits.CUSTOMER_ID);
        if (body.lines() == null || body.lines().isEmpty()) {
            throw new RuleViolation("required", "lines", "an order needs at least one line");
        }
        if (body.lines().size() > RequestLimits.ORDER_LINES) {
            throw new RuleViolation("too-many", "lines", "at most " + RequestLimits.ORDER_LINES + " lines");
        }
        List<PlaceOrderCommand.RequestedLine> lines = new ArrayList<>();
        for (int i = 0; i < body.lines().size(); i++) {
            PlaceOrder.Line line = body.lines().get(i);
            String prefix = "lines[" + i + "]";
            if (line == null) {
                throw new RuleViolation("required", prefix, "a line cannot be null");
            }
            String productId = RequestLimits.required(prefix + ".productId", line.productId(), 64);
            if (line.quantity() == null) {
                throw new RuleViolation("required", prefix + ".quantity", "quantity is required");
            }
            if (line.quantity() <= 0) {
                throw new RuleViolation("quantity-positive", prefix + ".quantity", "quantity must be at least 1");
            }
            if (line.quantity() > RequestLimits.QUANTITY) {
                throw new RuleViolation("too-large", prefix + ".quantity", "quantity is at most " + RequestLimits.QUANTITY);
            }
            lines.add(new PlaceOrderCommand.RequestedLine(productId, line.quantity()));
        }
        return new PlaceOrderCommand(id, customer, lines, null);
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/pay")
    public Response pay(@Parameter(description = ApiExamples.ORDER_ID_DESCRIPTION) @PathParam("id") String id,
                        @Parameter(description = ApiExamples.IF_MATCH_DESCRIPTION, example = ApiExamples.IF_MATCH)
                        @HeaderParam("If-Match") String ifMatch,
                        @Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                example = ApiExamples.IDEMPOTENCY_KEY)
                        @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER);
        return commands.change(key, new PayOrderCommand(id, IfMatch.version(ifMatch)), "order", id).response();
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/ship")
    public Response ship(@Parameter(description = ApiExamples.ORDER_ID_DESCRIPTION) @PathParam("id") String id,
                         @Parameter(description = ApiExamples.IF_MATCH_DESCRIPTION, example = ApiExamples.IF_MATCH)
                         @HeaderParam("If-Match") String ifMatch,
                         @Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                 example = ApiExamples.IDEMPOTENCY_KEY)
                         @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER);
        return commands.change(key, new ShipOrderCommand(id, IfMatch.version(ifMatch)), "order", id).response();
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    @Path("/{id}/cancel")
    public Response cancel(@Parameter(description = ApiExamples.ORDER_ID_DESCRIPTION) @PathParam("id") String id,
                           @Parameter(description = ApiExamples.IF_MATCH_DESCRIPTION, example = ApiExamples.IF_MATCH)
                           @HeaderParam("If-Match") String ifMatch,
                           @Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                   example = ApiExamples.IDEMPOTENCY_KEY)
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                           @RequestBody(required = false, content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                   examples = @ExampleObject(name = "with-reason", summary = "The reason is optional",
                                           value = ApiExamples.CANCEL_ORDER)))
                           Cancel body) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER);
        String reason = body == null ? null : RequestLimits.text("reason", body.reason(), RequestLimits.REASON);
        return commands.change(key, new CancelOrderCommand(id, IfMatch.version(ifMatch), reason), "order", id)
                .response();
    }

    /**
     * A page of orders, newest placed first (then by id), each as {@code GET /api/orders/{id}} answers it. Filters:
     * {@code customerId}; {@code status} (PLACED, PAID, SHIPPED or CANCELLED); {@code placedFrom} and {@code placedTo},
     * ISO instants of a half-open range (placedFrom &lt;= placedAt &lt; placedTo). {@code limit} 1 to 100 (20);
     * {@code cursor}: the previous page's {@code nextCursor}, null on the last page. Orders placed while a client
     * walks the pages sort before its cursor, so the walk neither repeats nor skips an order.
     */
    @RolesAllowed(Roles.READER)
    @GET
    public Views.OrderList list(@Parameter(description = "The customer's orders only",
                                        example = ApiExamples.CUSTOMER_ID)
                                @QueryParam("customerId") String customerId,
                                @Parameter(description = "PLACED, PAID, SHIPPED or CANCELLED", example = "PAID")
                                @QueryParam("status") String status,
                                @Parameter(description = "Placed at or after this ISO-8601 instant",
                                        example = ApiExamples.INSTANT)
                                @QueryParam("placedFrom") String placedFrom,
                                @Parameter(description = "Placed before this ISO-8601 instant",
                                        example = ApiExamples.INSTANT_LATER)
                                @QueryParam("placedTo") String placedTo,
                                @Parameter(description = ApiExamples.LIMIT_DESCRIPTION, example = "50")
                                @QueryParam("limit") String limit,
                                @Parameter(description = ApiExamples.CURSOR_DESCRIPTION)
                                @QueryParam("cursor") String cursor,
                                @Context UriInfo uri) {
        ListParameters.requireKnown(uri, LIST_PARAMETERS);
        return list(customerId, status, placedFrom, placedTo, limit, cursor);
    }

    /** {@link #list(String, String, String, String, String, String, UriInfo)} once the parameter names are checked. */
    Views.OrderList list(String customerId, String status, String placedFrom, String placedTo, String limit,
                         String cursor) {
        RowStoreLists.OrderFilter filter = new RowStoreLists.OrderFilter(
                ListParameters.text("customerId", customerId, RequestLimits.CUSTOMER_ID),
                ListParameters.oneOf("status", status, RowStoreLists.ORDER_STATUSES),
                ListParameters.instant("placedFrom", placedFrom), ListParameters.instant("placedTo", placedTo));
        if (filter.placedFrom() != null && filter.placedTo() != null
                && !filter.placedTo().isAfter(filter.placedFrom())) {
            throw new RuleViolation("invalid-parameter", "placedTo", "placedTo (" + filter.placedTo()
                    + ") must be after placedFrom (" + filter.placedFrom() + ")");
        }
        int size = ListParameters.limit(limit);
        RowStoreLists.Page<OrderRow> page = lists.orders(filter, ListCursor.decode(cursor, NEWEST_FIRST, true, true),
                size);
        return new Views.OrderList(page.items().stream().map(Views::order).toList(),
                ListCursor.encode(NEWEST_FIRST, page.next()));
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    public Uni<Views.Order> get(@Parameter(description = ApiExamples.ORDER_ID_DESCRIPTION) @PathParam("id") String id) {
        return rows.order(id).map(row -> {
            if (row == null) {
                throw new NotFound("order", id);
            }
            return Views.order(row);
        });
    }
}
