package io.seamline.http;

import io.seamline.domain.Money;
import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.regex.Pattern;

/** The catalogue over REST: commands go to the Product aggregate, reads to the row store. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    /** Where products live; a created one at COLLECTION/id. */
    static final String COLLECTION = "/api/products";

    private static final Pattern SKU_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Commands commands;
    private final RowStoreQueries rows;
    private final EventLog log;

    ProductResource(Commands commands, RowStoreQueries rows, EventLog log) {
        this.commands = commands;
        this.rows = rows;
        this.log = log;
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    public Response create(@HeaderParam(IdempotencyKey.HEADER) String idempotencyKey, ProductRequests.Create body) {
        return create(IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER), body).response();
    }

    CommandAnswer create(IdempotencyKey key, ProductRequests.Create body) {
        return commands.create(key, "product", COLLECTION, id -> toCommand(id, body));
    }

    static CreateProductCommand toCommand(String id, ProductRequests.Create body) {
        if (body == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        String sku = RequestLimits.required("sku", body.sku(), RequestLimits.SKU);
        if (!SKU_FORMAT.matcher(sku).matches()) {
            throw new RuleViolation("sku-format", "sku", "a SKU is letters, digits, '.', '_' and '-'");
        }
        if (body.price() == null) {
            throw new RuleViolation("required", "price", "price is required");
        }
        return new CreateProductCommand(id, sku,
                RequestLimits.required("title", body.title(), RequestLimits.TITLE),
                RequestLimits.text("description", body.description(), RequestLimits.DESCRIPTION),
                RequestLimits.text("category", body.category(), RequestLimits.CATEGORY),
                body.price().toMoney(), RequestLimits.attributes(body.attributes()));
    }

    @RolesAllowed(Roles.WRITER)
    @PATCH
    @Path("/{id}")
    public Response update(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey, ProductRequests.Patch body) {
        return update(id, ifMatch, IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER), body).response();
    }

    CommandAnswer update(String id, String ifMatch, IdempotencyKey key, ProductRequests.Patch body) {
        if (body == null) {
            throw new RuleViolation("required", "body", "a JSON body is required");
        }
        if (body.sku() != null) {
            throw new RuleViolation("sku-immutable", "sku", "a SKU never changes: create a new product instead");
        }
        if (body.title() != null && body.title().isBlank()) {
            throw new RuleViolation("required", "title", "title cannot be blank");
        }
        Money price = body.price() == null ? null : body.price().toMoney();
        return commands.change(key, new UpdateProductCommand(id, IfMatch.version(ifMatch),
                RequestLimits.text("title", body.title(), RequestLimits.TITLE),
                RequestLimits.text("description", body.description(), RequestLimits.DESCRIPTION),
                RequestLimits.text("category", body.category(), RequestLimits.CATEGORY),
                price, RequestLimits.attributes(body.attributes())), "product", id);
    }

    @RolesAllowed(Roles.WRITER)
    @DELETE
    @Path("/{id}")
    public Response discontinue(@PathParam("id") String id, @HeaderParam("If-Match") String ifMatch,
                                @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER);
        return commands.change(key, new DiscontinueProductCommand(id, IfMatch.version(ifMatch)), "product", id)
                .response();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    public Uni<Views.Product> get(@PathParam("id") String id) {
        return rows.product(id).map(row -> {
            if (row == null) {
                throw new NotFound("product", id);
            }
            return Views.product(row);
        });
    }

    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Views.Product> bySku(@QueryParam("sku") String sku) {
        RequestLimits.required("sku", sku, RequestLimits.SKU);
        return rows.productBySku(sku).map(row -> {
            if (row == null) {
                throw new NotFound("product with SKU", sku);
            }
            return Views.product(row);
        });
    }

    /** The product's audit trail: its events, oldest first, read from the event store (upcast). */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/history")
    public List<Views.HistoryEntry> history(@PathParam("id") String id) {
        List<EventEnvelope> history = log.history(id);
        if (history.isEmpty() || !history.get(0).aggregateType().equals("Product")) {
            throw new NotFound("product", id);
        }
        return history.stream().map(Views::history).toList();
    }

}
