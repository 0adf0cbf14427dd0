package io.seamline.http;

import io.seamline.domain.Money;
import io.seamline.domain.NotFound;
import io.seamline.domain.RuleViolation;
import io.seamline.platform.Roles;
import io.seamline.product.api.CreateProductCommand;
import io.seamline.product.api.DiscontinueProductCommand;
import io.seamline.product.api.UpdateProductCommand;
import io.seamline.projection.rowstore.ProductRow;
import io.seamline.projection.rowstore.RowStoreLists;
import io.seamline.projection.rowstore.RowStoreQueries;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.EventLog;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** The catalogue over REST: commands go to the Product aggregate, reads to the row store. */
@Path("/api/products")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProductResource {

    /** Where products live; a created one at COLLECTION/id. */
    static final String COLLECTION = "/api/products";

    private static final Set<String> LIST_PARAMETERS = Set.of("sku", "category", "discontinued", "updatedSince",
            "sort", "limit", "cursor");
    private static final Pattern SKU_FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    private final Commands commands;
    private final RowStoreQueries rows;
    private final EventLog log;
    private final RowStoreLists lists;

    ProductResource(Commands commands, RowStoreQueries rows, EventLog log, RowStoreLists lists) {
        this.commands = commands;
        this.rows = rows;
        this.log = log;
        this.lists = lists;
    }

    @RolesAllowed(Roles.WRITER)
    @POST
    public Response create(@Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                   example = ApiExamples.IDEMPOTENCY_KEY)
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                           @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples =
                           @ExampleObject(name = "sheet-set", summary = "A product of the demo catalogue",
                                   value = ApiExamples.CREATE_PRODUCT)))
                           ProductRequests.Create body) {
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
    public Response update(@Parameter(description = ApiExamples.PRODUCT_ID_DESCRIPTION) @PathParam("id") String id,
                           @Parameter(description = ApiExamples.IF_MATCH_DESCRIPTION, example = ApiExamples.IF_MATCH)
                           @HeaderParam("If-Match") String ifMatch,
                           @Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                   example = ApiExamples.IDEMPOTENCY_KEY)
                           @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey,
                           @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = {
                                   @ExampleObject(name = "price", summary = "A new price; the rest stays",
                                           value = ApiExamples.PATCH_PRODUCT_PRICE),
                                   @ExampleObject(name = "text", summary = "Title, category and attributes",
                                           value = ApiExamples.PATCH_PRODUCT_TEXT)}))
                           ProductRequests.Patch body) {
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
    public Response discontinue(@Parameter(description = ApiExamples.PRODUCT_ID_DESCRIPTION) @PathParam("id") String id,
                                @Parameter(description = ApiExamples.IF_MATCH_DESCRIPTION,
                                        example = ApiExamples.IF_MATCH)
                                @HeaderParam("If-Match") String ifMatch,
                                @Parameter(description = ApiExamples.IDEMPOTENCY_KEY_DESCRIPTION,
                                        example = ApiExamples.IDEMPOTENCY_KEY)
                                @HeaderParam(IdempotencyKey.HEADER) String idempotencyKey) {
        IdempotencyKey key = IdempotencyKey.parse(idempotencyKey, IdempotencyKey.HEADER);
        return commands.change(key, new DiscontinueProductCommand(id, IfMatch.version(ifMatch)), "product", id)
                .response();
    }

    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}")
    public Uni<Views.Product> get(@Parameter(description = ApiExamples.PRODUCT_ID_DESCRIPTION)
                                  @PathParam("id") String id) {
        return rows.product(id).map(row -> {
            if (row == null) {
                throw new NotFound("product", id);
            }
            return Views.product(row);
        });
    }

    /**
     * With {@code sku}: that one product (404 when no product has it), and no list parameter beside it. Without: a
     * page of products (see {@link #list}).
     */
    @RolesAllowed(Roles.READER)
    @GET
    public Uni<Object> bySkuOrList(@Parameter(description = "The one product with this SKU; no other parameter "
                                           + "beside it", example = ApiExamples.SKU)
                                   @QueryParam("sku") String sku,
                                   @Parameter(description = "A category path prefix, whole levels",
                                           example = ApiExamples.CATEGORY_PREFIX)
                                   @QueryParam("category") String category,
                                   @Parameter(description = "false (default), true or any", example = "any")
                                   @QueryParam("discontinued") String discontinued,
                                   @Parameter(description = "Changed at or after this ISO-8601 instant",
                                           example = ApiExamples.INSTANT)
                                   @QueryParam("updatedSince") String updatedSince,
                                   @Parameter(description = "id (default), updatedAt, -updatedAt or title",
                                           example = "-updatedAt")
                                   @QueryParam("sort") String sort,
                                   @Parameter(description = ApiExamples.LIMIT_DESCRIPTION, example = "50")
                                   @QueryParam("limit") String limit,
                                   @Parameter(description = ApiExamples.CURSOR_DESCRIPTION)
                                   @QueryParam("cursor") String cursor,
                                   @Context UriInfo uri) {
        ListParameters.requireKnown(uri, LIST_PARAMETERS);
        if (!uri.getQueryParameters().containsKey("sku")) {
            return Uni.createFrom().item(() -> (Object) list(category, discontinued, updatedSince, sort, limit, cursor))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        ListParameters.requireKnown(uri, Set.of("sku"));
        RequestLimits.required("sku", sku, RequestLimits.SKU);
        return rows.productBySku(sku).map(row -> {
            if (row == null) {
                throw new NotFound("product with SKU", sku);
            }
            return Views.product(row);
        });
    }

    /**
     * A page of products, each as {@code GET /api/products/{id}} answers it. Filters: {@code category}, a category
     * path prefix by whole levels ({@code Home & Kitchen} matches {@code Home & Kitchen} and
     * {@code Home & Kitchen > Kettles}, not {@code Home & Kitchenware}); {@code discontinued}: {@code false} (the
     * default, as a shop lists what can still be ordered: discontinued products refuse new orders), {@code true}
     * (only discontinued ones) or {@code any}; {@code updatedSince}, an ISO instant (changed at or after it).
     * {@code sort}: {@code id} (the default: no write moves a product in this order, so a walk with the cursor sees
     * every product once), {@code updatedAt}, {@code -updatedAt} or {@code title}. {@code limit} 1 to 100 (20);
     * {@code cursor}: the previous page's {@code nextCursor}, null on the last page.
     */
    Views.ProductList list(String category, String discontinued, String updatedSince, String sort, String limit,
                           String cursor) {
        RowStoreLists.ProductSort order = ListParameters.blank(sort) ? RowStoreLists.ProductSort.ID
                : Arrays.stream(RowStoreLists.ProductSort.values()).filter(s -> s.parameter().equals(sort.trim()))
                .findFirst().orElseThrow(() -> new RuleViolation("invalid-parameter", "sort", "sort must be one of "
                        + Arrays.stream(RowStoreLists.ProductSort.values()).map(RowStoreLists.ProductSort::parameter)
                        .collect(Collectors.joining(", ")) + ", got " + sort));
        String flag = ListParameters.oneOf("discontinued", discontinued, Set.of("true", "false", "any"));
        RowStoreLists.ProductFilter filter = new RowStoreLists.ProductFilter(
                ListParameters.text("category", category, RequestLimits.CATEGORY),
                flag == null ? Boolean.FALSE : flag.equals("any") ? null : Boolean.valueOf(flag),
                ListParameters.instant("updatedSince", updatedSince));
        int size = ListParameters.limit(limit);
        RowStoreLists.Keyset after = ListCursor.decode(cursor, order.parameter(),
                order != RowStoreLists.ProductSort.ID, order == RowStoreLists.ProductSort.UPDATED_AT
                        || order == RowStoreLists.ProductSort.UPDATED_AT_DESC);
        RowStoreLists.Page<ProductRow> page = lists.products(filter, order, after, size);
        return new Views.ProductList(page.items().stream().map(Views::product).toList(),
                ListCursor.encode(order.parameter(), page.next()));
    }

    /** The product's audit trail: its events, oldest first, read from the event store (upcast). */
    @RolesAllowed(Roles.READER)
    @GET
    @Path("/{id}/history")
    public List<Views.HistoryEntry> history(@Parameter(description = ApiExamples.PRODUCT_ID_DESCRIPTION)
                                            @PathParam("id") String id) {
        List<EventEnvelope> history = log.history(id);
        if (history.isEmpty() || !history.get(0).aggregateType().equals("Product")) {
            throw new NotFound("product", id);
        }
        return history.stream().map(Views::history).toList();
    }

}
