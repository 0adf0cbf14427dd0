package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertRefused;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.discontinue;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** REST tests for the lists: GET /api/products without sku and GET /api/orders, their filters, cursors and refusals. */
@QuarkusTest
class ListApiIT {

    // --- products ----------------------------------------------------------------------------------

    @Test
    void products_categoryPrefix_matchesWholeLevelsOnly() {
        String root = "Lists " + UUID.randomUUID();
        String exact = product(root, "3.00");
        String below = product(root + " > Kettles", "3.00");
        String deeper = product(root + " > Kettles > Electric", "3.00");
        product(root + "ware > Kettles", "3.00");
        product("Other > " + root, "3.00");

        assertThat(productIds(r -> r.queryParam("category", root))).containsExactlyInAnyOrder(exact, below, deeper);
        assertThat(productIds(r -> r.queryParam("category", root + " > Kettles")))
                .containsExactlyInAnyOrder(below, deeper);
    }

    @Test
    void products_categoryWithLikeWildcards_matchesThemLiterally() {
        String root = "100% _Cotton_ " + UUID.randomUUID();
        String literal = product(root + " > Shirts", "3.00");
        product(root.replace("%", "x").replace("_", "y") + " > Shirts", "3.00");
        assertThat(productIds(r -> r.queryParam("category", root))).containsExactly(literal);
        assertThat(productIds(r -> r.queryParam("category", "100%"))).doesNotContain(literal);
    }

    @Test
    void products_discontinued_defaultFalseTrueAndAny() {
        String category = "Lists " + UUID.randomUUID();
        String onSale = product(category, "3.00");
        String gone = product(category, "3.00");
        discontinue(gone);

        assertThat(productIds(r -> r.queryParam("category", category))).containsExactly(onSale);
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("discontinued", "false")))
                .containsExactly(onSale);
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("discontinued", "true")))
                .containsExactly(gone);
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("discontinued", "any")))
                .containsExactlyInAnyOrder(onSale, gone);
    }

    @Test
    void products_updatedSince_onlyThoseChangedAtOrAfter() {
        String category = "Lists " + UUID.randomUUID();
        String old = product(category, "3.00");
        String recent = product(category, "3.00");
        String since = api().get("/api/products/" + recent).then().statusCode(200).extract().path("updatedAt");
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("updatedSince", since)))
                .containsExactly(recent);
        String before = api().get("/api/products/" + old).then().statusCode(200).extract().path("updatedAt");
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("updatedSince", before)))
                .containsExactlyInAnyOrder(old, recent);
    }

    @Test
    void products_itemsAreProductViews_asGetByIdAnswers() {
        String category = "Lists " + UUID.randomUUID();
        String id = product(category, "4.50");
        Map<String, Object> listed = api().queryParam("category", category).get("/api/products")
                .then().statusCode(200).extract().jsonPath().getMap("items[0]");
        Map<String, Object> single = api().get("/api/products/" + id).then().statusCode(200).extract().jsonPath()
                .getMap("$");
        assertThat(listed).isEqualTo(single);
    }

    @Test
    void products_sortByTitleWithCursor_walksEveryProductOnceWhileInsertsHappen() {
        String category = "Lists " + UUID.randomUUID();
        List<String> existing = new ArrayList<>();
        for (String title : List.of("Echo", "Alpha", "Delta", "Bravo", "Charlie")) {
            existing.add(product(category, title));
        }
        List<String> seenTitles = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String at = cursor;
            JsonPath page = api().queryParam("category", category).queryParam("sort", "title")
                    .queryParam("limit", 2).queryParams(at == null ? Map.of() : Map.of("cursor", at))
                    .get("/api/products").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            seenTitles.addAll(page.getList("items.title"));
            cursor = page.getString("nextCursor");
            // an insert before the cursor (sorts first) and one after it, while the walk goes on
            product(category, "Aardvark " + pages);
            pages++;
        } while (cursor != null && pages < 20);

        assertThat(seen).doesNotHaveDuplicates().containsAll(existing);
        assertThat(seenTitles).isSorted();
        assertThat(seenTitles).filteredOn(title -> title.startsWith("Aardvark")).isEmpty();
    }

    @Test
    void products_defaultSortById_walkHasNoDuplicatesOrGaps() {
        String category = "Lists " + UUID.randomUUID();
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            existing.add(product(category, "3.00"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String at = cursor;
            JsonPath page = api().queryParam("category", category).queryParam("limit", 2)
                    .queryParams(at == null ? Map.of() : Map.of("cursor", at))
                    .get("/api/products").then().statusCode(200).extract().jsonPath();
            assertThat(page.getList("items")).hasSizeLessThanOrEqualTo(2);
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            product(category, "3.00");
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).doesNotHaveDuplicates().isSorted().containsAll(existing);
    }

    @Test
    void products_sortByUpdatedAtDescending_newestFirst() {
        String category = "Lists " + UUID.randomUUID();
        String first = product(category, "3.00");
        String second = product(category, "3.00");
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("sort", "-updatedAt")))
                .containsExactly(second, first);
        assertThat(productIds(r -> r.queryParam("category", category).queryParam("sort", "updatedAt")))
                .containsExactly(first, second);
    }

    @Test
    void products_lastPage_nextCursorNull() {
        String category = "Lists " + UUID.randomUUID();
        product(category, "3.00");
        api().queryParam("category", category).get("/api/products").then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(1))
                .body("nextCursor", org.hamcrest.Matchers.nullValue());
    }

    @Test
    void products_refusals_400NamingTheField() {
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", 0).get("/api/products"));
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", 101).get("/api/products"));
        assertRefused(400, "invalid-parameter", "sort", () -> api().queryParam("sort", "price").get("/api/products"));
        assertRefused(400, "invalid-parameter", "discontinued",
                () -> api().queryParam("discontinued", "maybe").get("/api/products"));
        assertRefused(400, "invalid-parameter", "updatedSince",
                () -> api().queryParam("updatedSince", "yesterday").get("/api/products"));
        assertRefused(400, "invalid-cursor", "cursor", () -> api().queryParam("cursor", "bm90IGEgY3Vyc29y")
                .get("/api/products"));
        assertRefused(400, "too-long", "category", () -> api().queryParam("category", "c".repeat(501))
                .get("/api/products"));
        assertRefused(400, "unknown-parameter", "categroy", () -> api().queryParam("categroy", "Home")
                .get("/api/products"));
        assertRefused(400, "unknown-parameter", "category", () -> api().queryParam("sku", "A-1")
                .queryParam("category", "Home").get("/api/products"));
    }

    @Test
    void products_cursorOfAnotherSort_400InvalidCursor() {
        String category = "Lists " + UUID.randomUUID();
        product(category, "3.00");
        product(category, "3.00");
        String cursor = api().queryParam("category", category).queryParam("limit", 1).get("/api/products")
                .then().statusCode(200).extract().path("nextCursor");
        assertThat(cursor).isNotNull();
        assertRefused(400, "invalid-cursor", "cursor", () -> api().queryParam("category", category)
                .queryParam("sort", "title").queryParam("cursor", cursor).get("/api/products"));
    }

    // --- orders ------------------------------------------------------------------------------------

    @Test
    void orders_byCustomer_newestFirstWithTheirViews() {
        String customer = "cust-" + UUID.randomUUID();
        String product = createProduct("2.00");
        String first = order(customer, product);
        String second = order(customer, product);
        order("cust-" + UUID.randomUUID(), product);

        JsonPath page = api().queryParam("customerId", customer).get("/api/orders").then().statusCode(200)
                .extract().jsonPath();
        assertThat(page.getList("items.id")).containsExactly(second, first);
        JsonPath byId = api().get("/api/orders/" + second).then().statusCode(200).extract().jsonPath();
        // the same view whichever way it was read (the list through JDBC, by id through the reactive client)
        assertThat(page.getMap("items[0]")).isEqualTo(byId.getMap("$"));
        assertThat(byId.getString("lines[0].unitPrice.amount")).isEqualTo("2.00");
        assertThat(page.getString("nextCursor")).isNull();
    }

    @Test
    void orders_byStatus_onlyThatStatus() {
        String customer = "cust-" + UUID.randomUUID();
        String product = createProduct("2.00");
        String placed = order(customer, product);
        String paid = order(customer, product);
        ApiFixtures.command().post("/api/orders/" + paid + "/pay").then().statusCode(200);
        await().atMost(EVENTUALLY).untilAsserted(() -> assertThat(orderIds(r -> r.queryParam("customerId", customer)
                .queryParam("status", "PAID"))).containsExactly(paid));
        assertThat(orderIds(r -> r.queryParam("customerId", customer).queryParam("status", "PLACED")))
                .containsExactly(placed);
        assertThat(orderIds(r -> r.queryParam("customerId", customer).queryParam("status", "SHIPPED"))).isEmpty();
    }

    @Test
    void orders_placedBetween_halfOpenRange() {
        String customer = "cust-" + UUID.randomUUID();
        String product = createProduct("2.00");
        String first = order(customer, product);
        String second = order(customer, product);
        Instant firstAt = placedAt(first);
        Instant secondAt = placedAt(second);
        assertThat(orderIds(r -> r.queryParam("customerId", customer).queryParam("placedFrom", secondAt.toString())))
                .containsExactly(second);
        assertThat(orderIds(r -> r.queryParam("customerId", customer).queryParam("placedTo", secondAt.toString())))
                .containsExactly(first);
        assertThat(orderIds(r -> r.queryParam("customerId", customer).queryParam("placedFrom", firstAt.toString())
                .queryParam("placedTo", secondAt.plusNanos(1000).toString()))).containsExactly(second, first);
    }

    @Test
    void orders_cursorWalk_noDuplicatesNoGapsWhileOrdersArePlaced() {
        String customer = "cust-" + UUID.randomUUID();
        String product = createProduct("2.00");
        List<String> existing = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            existing.add(order(customer, product));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String at = cursor;
            JsonPath page = api().queryParam("customerId", customer).queryParam("limit", 2)
                    .queryParams(at == null ? Map.of() : Map.of("cursor", at))
                    .get("/api/orders").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("nextCursor");
            order(customer, product);
            pages++;
        } while (cursor != null && pages < 20);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyElementsOf(existing.reversed());
    }

    @Test
    void orders_refusals_400NamingTheField() {
        assertRefused(400, "invalid-parameter", "status", () -> api().queryParam("status", "LOST").get("/api/orders"));
        assertRefused(400, "invalid-parameter", "placedFrom",
                () -> api().queryParam("placedFrom", "2026-13-01").get("/api/orders"));
        assertRefused(400, "invalid-parameter", "placedTo", () -> api().queryParam("placedFrom", "2026-12-02T00:00:00Z")
                .queryParam("placedTo", "2026-12-01T00:00:00Z").get("/api/orders"));
        assertRefused(400, "out-of-range", "limit", () -> api().queryParam("limit", 1000).get("/api/orders"));
        assertRefused(400, "invalid-cursor", "cursor", () -> api().queryParam("cursor", "%%%").get("/api/orders"));
        assertRefused(400, "too-long", "customerId", () -> api().queryParam("customerId", "c".repeat(200))
                .get("/api/orders"));
        assertRefused(400, "unknown-parameter", "customer", () -> api().queryParam("customer", "c-1")
                .get("/api/orders"));
    }

    // --- helpers -----------------------------------------------------------------------------------

    /** Creates a product in {@code category}; a price-like second argument is its price, anything else its title. */
    private static String product(String category, String priceOrTitle) {
        boolean price = priceOrTitle.matches("[0-9.]+");
        Map<String, Object> body = productBody(uniqueSku(), price ? priceOrTitle : "3.00", "EUR");
        body.put("category", category);
        if (!price) {
            body.put("title", priceOrTitle);
        }
        return createProduct(body);
    }

    private static List<String> productIds(UnaryOperator<RequestSpecification> filters) {
        return filters.apply(api().queryParam("limit", 100)).get("/api/products").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
    }

    private static List<String> orderIds(UnaryOperator<RequestSpecification> filters) {
        return filters.apply(api().queryParam("limit", 100)).get("/api/orders").then().statusCode(200)
                .extract().jsonPath().getList("items.id");
    }

    /** Places an order and waits until the row store has it. */
    private static String order(String customer, String product) {
        String id = json(orderBody(customer, product, 1)).post("/api/orders").then().statusCode(201)
                .extract().path("id");
        await().atMost(EVENTUALLY).untilAsserted(() -> api().get("/api/orders/" + id).then().statusCode(200));
        return id;
    }

    private static Instant placedAt(String order) {
        return OffsetDateTime.parse(api().get("/api/orders/" + order).then().statusCode(200).extract()
                .<String>path("placedAt")).toInstant();
    }
}
