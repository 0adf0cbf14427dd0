package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.command;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static io.seamline.http.ApiFixtures.orderBody;
import static io.seamline.http.ApiFixtures.problemBody;
import static io.seamline.http.ApiFixtures.productBody;
import static io.seamline.http.ApiFixtures.uniqueSku;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboard's roll-ups by category level, category prefix match, pages with a cursor and refusals; every roll-up
 * checked against the same sums written in SQL over gold.
 */
@QuarkusTest
class DashboardRollupIT {

    private static final String TODAY = LocalDate.now(ZoneOffset.UTC).toString();
    /** A root category of this run's own, so other tests' orders never land under it. */
    private static final String ROOT = "Rollup " + UUID.randomUUID().toString().substring(0, 8);
    private static final String SLIPPERS = ROOT + " > Shoes > Slippers";
    private static final String BOOTS = ROOT + " > Shoes > Boots";
    private static final String BAGS = ROOT + " > Bags";

    private static boolean placed;

    /** Places the orders once, when the app is up (a static @BeforeAll would run before it starts). */
    @BeforeEach
    void placeOrders() {
        if (placed) {
            return;
        }
        placed = true;
        String slippers = createProduct(categorised(SLIPPERS, "10.00"));
        String boots = createProduct(categorised(BOOTS, "30.00"));
        String bags = createProduct(categorised(BAGS, "7.00"));
        placeOrder(slippers, 2, boots, 1);                      // one order, lines in two subcategories: 20 + 30
        placeOrder(slippers, 1);                                // 10
        String cancelled = placeOrder(bags, 3);                 // 21, cancelled below
        placeOrder(boots, 1);                                   // 30
        command().post("/api/orders/" + cancelled + "/cancel").then().statusCode(200);
        await().atMost(EVENTUALLY).until(() -> {
            List<Map<String, Object>> rows = page(api().queryParam("category", ROOT)).getList("rows");
            return rows.size() == 3 && rows.stream().mapToLong(r -> ((Number) r.get("cancelledOrders")).longValue())
                    .sum() == 1 && rows.stream().map(r -> new BigDecimal(r.get("grossRevenue").toString()))
                    .reduce(BigDecimal.ZERO, BigDecimal::add).compareTo(new BigDecimal("111.00")) == 0;
        });
    }

    @Test
    void rollUpsByLevel_sumTheirSubcategories_recomputeTheAverage_andEqualTheSqlOverGold() {
        JsonPath top = page(api().queryParam("category", ROOT).queryParam("level", 1));
        assertThat(top.getInt("level")).isEqualTo(1);
        assertThat(top.getList("rows")).hasSize(1);
        Map<String, Object> row = top.getMap("rows[0]");
        assertThat(row).containsEntry("category", ROOT).containsEntry("orders", 5).containsEntry("cancelledOrders", 1)
                .containsEntry("units", 8);
        assertThat(new BigDecimal(row.get("grossRevenue").toString())).isEqualByComparingTo("111.00");
        assertThat(new BigDecimal(row.get("netRevenue").toString())).isEqualByComparingTo("90.00");
        assertThat(new BigDecimal(row.get("avgOrderValue").toString())).as("90.00 over 4 orders not cancelled")
                .isEqualByComparingTo("22.50");

        JsonPath second = page(api().queryParam("category", ROOT).queryParam("level", 2));
        assertThat(second.getList("rows.category")).containsExactly(ROOT + " > Bags", ROOT + " > Shoes");
        assertThat(second.getInt("rows[1].orders")).as("the order with a slipper and a boot counts in each")
                .isEqualTo(4);
        assertThat((Object) second.get("rows[0].avgOrderValue")).as("every bag order was cancelled").isNull();

        for (int level : new int[] {1, 2, 3, 5}) {
            JsonPath dashboard = page(api().queryParam("category", ROOT).queryParam("level", level));
            assertThat(rows(dashboard)).as("level %d", level).isEqualTo(sqlRollUp(level, dashboard.getLong("tableVersion")));
        }
        assertThat(rows(page(api().queryParam("category", ROOT).queryParam("level", 3))))
                .as("level 3 is the view's own rows here").isEqualTo(rows(page(api().queryParam("category", ROOT))));
    }

    @Test
    void categoryMatchesWholeLevelsIgnoringCase_notAPartialLevelNorALeafAlone() {
        JsonPath shoes = page(api().queryParam("category", ROOT.toLowerCase() + ">shoes"));
        assertThat(shoes.getList("rows.category")).containsExactly(BOOTS, SLIPPERS);
        assertThat(page(api().queryParam("category", SLIPPERS)).getList("rows.category")).containsExactly(SLIPPERS);
        assertThat(page(api().queryParam("category", ROOT + " > Sho")).getList("rows")).isEmpty();
        assertThat(page(api().queryParam("category", "Slippers")).getList("rows")).isEmpty();
    }

    @Test
    void aCursorWalksEveryRowOnce_onTheVersionItStartedOn_evenAfterTheTableMoves() {
        List<Map<String, Object>> all = rows(page(api().queryParam("category", ROOT)));
        List<Map<String, Object>> walked = new ArrayList<>();
        JsonPath first = page(api().queryParam("category", ROOT).queryParam("limit", 1));
        long version = first.getLong("tableVersion");
        String cursor = first.getString("nextCursor");
        walked.addAll(rows(first));
        JsonPath second = page(api().queryParam("category", ROOT).queryParam("limit", 1).queryParam("cursor", cursor));
        walked.addAll(rows(second));

        // the table moves on while the walk is half way (outside ROOT, so the other tests' sums stay put)
        placeOrder(createProduct(categorised("Elsewhere " + UUID.randomUUID(), "5.00")), 1);
        await().atMost(EVENTUALLY).until(() -> page(api().queryParam("category", ROOT)).getLong("tableVersion") > version);

        String next = second.getString("nextCursor");
        assertProblem(api().queryParam("category", ROOT).queryParam("limit", 1).queryParam("cursor", next)
                .queryParam("asOf", page(api()).getLong("tableVersion")).get("/api/dashboard/revenue"), 400,
                "invalid-parameter", "cursor");
        while (next != null) {
            JsonPath page = page(api().queryParam("category", ROOT).queryParam("limit", 1).queryParam("cursor", next));
            assertThat(page.getLong("tableVersion")).as("a walk stays on its version").isEqualTo(version);
            walked.addAll(rows(page));
            next = page.getString("nextCursor");
        }
        assertThat(walked).isEqualTo(all);
        assertThat(page(api().queryParam("category", ROOT).queryParam("level", 1).queryParam("limit", 1))
                .getString("nextCursor")).as("no cursor after the last row").isNull();
    }

    @Test
    void unknownParametersAndBadValuesAreRefusedNamingTheField() {
        String detail = problemBody(assertProblem(api().queryParam("categroy", ROOT).get("/api/dashboard/revenue"),
                400, "unknown-parameter", "categroy")).getString("detail");
        assertThat(detail).contains("level", "cursor", "asOf");
        assertProblem(api().queryParam("level", 0).get("/api/dashboard/revenue"), 400, "out-of-range", "level");
        assertProblem(api().queryParam("level", "top").get("/api/dashboard/revenue"), 400, "out-of-range", "level");
        assertProblem(api().queryParam("limit", 1001).get("/api/dashboard/revenue"), 400, "out-of-range", "limit");
        assertProblem(api().queryParam("limit", 0).get("/api/dashboard/revenue"), 400, "out-of-range", "limit");
        assertProblem(api().queryParam("cursor", "bm90IGEgY3Vyc29y").get("/api/dashboard/revenue"), 400,
                "invalid-cursor", "cursor");
        assertThat(page(api()).getList("rows").size()).as("the default page").isLessThanOrEqualTo(100);
    }

    /** The level-n sums written in SQL over gold_daily_revenue, at the dashboard's version. */
    private static List<Map<String, Object>> sqlRollUp(int level, long version) {
        String category = "array_to_string(list_slice(string_split(category, ' > '), 1, " + level + "), ' > ')";
        String sql = "select cast(day as varchar) as day, " + category + " as category, currency, "
                + "sum(gross_revenue) as gross, sum(net_revenue) as net, sum(orders) as orders, "
                + "sum(cancelled_orders) as cancelled, sum(units) as units, "
                + "case when sum(orders) = sum(cancelled_orders) then null "
                + "else round(sum(net_revenue) / (sum(orders) - sum(cancelled_orders)), 2) end as average "
                + "from gold_daily_revenue where category = '" + ROOT + "' or starts_with(category, '" + ROOT
                + " > ') group by 1, 2, 3 order by 1, 2, 3";
        JsonPath answer = json(Map.of("sql", sql, "asOf", Map.of("gold_daily_revenue", version)))
                .post("/api/warehouse/sql").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (List<Object> cells : answer.<List<Object>>getList("rows")) {
            rows.add(row(cells.get(0), cells.get(1), cells.get(2), cells.get(3), cells.get(4), cells.get(5),
                    cells.get(6), cells.get(7), cells.get(8)));
        }
        return rows;
    }

    private static List<Map<String, Object>> rows(JsonPath page) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Map<String, Object> r : page.<Map<String, Object>>getList("rows")) {
            rows.add(row(r.get("day"), r.get("category"), r.get("currency"), r.get("grossRevenue"),
                    r.get("netRevenue"), r.get("orders"), r.get("cancelledOrders"), r.get("units"),
                    r.get("avgOrderValue")));
        }
        return rows;
    }

    @Test
    void productsNobodyCategorised_areLeftOutOfTheDashboard_unlessAskedForByName() {
        // NOK: a currency no other test orders in, so these rows are this test's
        String marked = createProduct(categorised("Uncategorised", "3.00", "NOK"));
        Map<String, Object> bare = new HashMap<>(productBody(uniqueSku(), "4.00", "NOK"));
        bare.remove("category");
        String unmarked = createProduct(bare);
        placeOrder(marked, 1, unmarked, 2);
        JsonPath asked = await().atMost(EVENTUALLY).until(() -> page(api().queryParam("category", "uncategorised")),
                answer -> nokUnits(answer.getList("rows")) == 3);
        assertThat(asked.getList("rows", Map.class)).allSatisfy(row -> assertThat(row.get("category"))
                .satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c).isEqualTo("Uncategorised")));

        for (Integer level : Arrays.asList(null, 1)) {
            List<Map<String, Object>> all = allPages(level);
            assertThat(all).as("level %s", level).isNotEmpty().noneMatch(row -> row.get("category") == null
                    || "Uncategorised".equals(row.get("category")));
            assertThat(nokUnits(all)).as("level %s", level).isZero();
        }
    }

    private static long nokUnits(List<Map<String, Object>> rows) {
        return rows.stream().filter(r -> "NOK".equals(r.get("currency")))
                .mapToLong(r -> ((Number) r.get("units")).longValue()).sum();
    }

    /** Every row of today's dashboard (at a level, or as the view holds them), page by page. */
    private static List<Map<String, Object>> allPages(Integer level) {
        List<Map<String, Object>> rows = new ArrayList<>();
        String cursor = null;
        do {
            RequestSpecification request = api().queryParam("limit", 1000);
            if (level != null) {
                request.queryParam("level", level);
            }
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = page(request);
            rows.addAll(page.getList("rows"));
            cursor = page.getString("nextCursor");
        } while (cursor != null);
        return rows;
    }

    /** One row in comparable form: numbers as plain decimals of their own scale stripped. */
    private static Map<String, Object> row(Object day, Object category, Object currency, Object... numbers) {
        Map<String, Object> row = new HashMap<>();
        row.put("day", day);
        row.put("category", category);
        row.put("currency", currency);
        String[] names = {"gross", "net", "orders", "cancelled", "units", "average"};
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], numbers[i] == null ? null
                    : new BigDecimal(numbers[i].toString()).stripTrailingZeros().toPlainString());
        }
        return row;
    }

    private static JsonPath page(RequestSpecification request) {
        return request.queryParam("from", TODAY).queryParam("to", TODAY).get("/api/dashboard/revenue")
                .then().statusCode(200).extract().jsonPath();
    }

    private static Map<String, Object> categorised(String category, String amount) {
        return categorised(category, amount, "EUR");
    }

    private static Map<String, Object> categorised(String category, String amount, String currency) {
        Map<String, Object> body = new HashMap<>(productBody(uniqueSku(), amount, currency));
        body.put("category", category);
        return body;
    }

    private static String placeOrder(Object... productAndQuantity) {
        return json(orderBody("customer-" + UUID.randomUUID(), productAndQuantity)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }
}
