package io.seamline.http;

import io.seamline.order.api.CancelOrderCommand;
import io.seamline.order.api.PayOrderCommand;
import io.seamline.order.api.PlaceOrderCommand;
import io.seamline.order.api.ShipOrderCommand;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.seamline.seam.EventEnvelope;
import io.seamline.seam.EventLog;
import io.seamline.seam.Freshness;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.DefaultValue;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Mutation;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.Query;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The same commands and queries as the REST API, over GraphQL at /graphql; validation is shared. */
@GraphQLApi
public class SeamlineGraphQL {

    private final Commands commands;
    private final RowStoreQueries rows;
    private final ProductResource products;
    private final LogResource log;
    private final EventLog eventLog;

    SeamlineGraphQL(Commands commands, RowStoreQueries rows, ProductResource products, LogResource log,
                    EventLog eventLog) {
        this.commands = commands;
        this.rows = rows;
        this.products = products;
        this.log = log;
        this.eventLog = eventLog;
    }

    @Mutation
    @Blocking
    @Description("Adds a product; the SKU must be unused.")
    public CommandAccepted createProduct(@Name("product") ProductRequests.Create product) {
        CreateProductCommand command = ProductResource.toCommand(UUID.randomUUID().toString(), product);
        commands.send(command, "product", command.productId());
        return new CommandAccepted(command.productId(), 0);
    }

    @Mutation
    @Blocking
    @Description("Changes any subset of a product's fields; expectedVersion gives optimistic concurrency.")
    public CommandAccepted updateProduct(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                         @Name("change") ProductRequests.Patch change) {
        return entity(products.update(id, expectedVersion == null ? null : expectedVersion.toString(), change));
    }

    @Mutation
    @Blocking
    @Description("Discontinues a product for good.")
    public CommandAccepted discontinueProduct(@Name("id") String id, @Name("expectedVersion") Long expectedVersion) {
        long version = commands.send(new DiscontinueProductCommand(id, expectedVersion), "product", id);
        return new CommandAccepted(id, version);
    }

    @Mutation
    @Blocking
    @Description("Places an order; prices and titles come from the catalogue.")
    public CommandAccepted placeOrder(@Name("order") OrderResource.PlaceOrder order) {
        PlaceOrderCommand command = OrderResource.toCommand(UUID.randomUUID().toString(), order);
        commands.send(command, "order", command.orderId());
        return new CommandAccepted(command.orderId(), 0);
    }

    @Mutation
    @Blocking
    public CommandAccepted payOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion) {
        return new CommandAccepted(id, commands.<Long>send(new PayOrderCommand(id, expectedVersion), "order", id));
    }

    @Mutation
    @Blocking
    public CommandAccepted shipOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion) {
        return new CommandAccepted(id, commands.<Long>send(new ShipOrderCommand(id, expectedVersion), "order", id));
    }

    @Mutation
    @Blocking
    public CommandAccepted cancelOrder(@Name("id") String id, @Name("expectedVersion") Long expectedVersion,
                                       @Name("reason") String reason) {
        RequestLimits.text("reason", reason, RequestLimits.REASON);
        return new CommandAccepted(id, commands.<Long>send(
                new CancelOrderCommand(id, expectedVersion, reason), "order", id));
    }

    @Query
    public Uni<Views.Product> product(@Name("id") String id) {
        return rows.product(id).map(row -> row == null ? null : Views.product(row));
    }

    @Query
    public Uni<Views.Product> productBySku(@Name("sku") String sku) {
        return rows.productBySku(sku).map(row -> row == null ? null : Views.product(row));
    }

    @Query
    @Blocking
    public List<Event> productHistory(@Name("id") String id) {
        return eventLog.history(id).stream().map(Event::of).toList();
    }

    @Query
    public Uni<Views.Order> order(@Name("id") String id) {
        return rows.order(id).map(row -> row == null ? null : Views.order(row));
    }

    @Query
    @Blocking
    @Description("A page of the log after a global index (-1 for the start), at most " + RequestLimits.EVENTS_PAGE
            + " events.")
    public List<Event> events(@Name("after") Long after, @Name("limit") @DefaultValue("100") Integer limit) {
        return log.events(String.valueOf(after == null ? -1 : after), String.valueOf(limit == null ? 100 : limit))
                .events().stream().map(Event::of).toList();
    }

    /** An event as GraphQL sees it: the envelope with its payload as a JSON string (GraphQL has no JSON type). */
    public record Event(String eventId, String type, int version, String aggregateType, String aggregateId,
                        long sequence, Long globalIndex, Instant timestamp, String correlationId, String payload) {
        static Event of(EventEnvelope e) {
            return new Event(e.eventId(), e.type(), e.version(), e.aggregateType(), e.aggregateId(), e.sequence(),
                    e.globalIndex() < 0 ? null : e.globalIndex(), e.timestamp(), e.correlationId(), e.payload().toString());
        }
    }

    @Query
    @Blocking
    public List<Freshness.ConsumerFreshness> freshness() {
        return log.freshness();
    }

    private static CommandAccepted entity(jakarta.ws.rs.core.Response response) {
        return (CommandAccepted) response.getEntity();
    }
}
