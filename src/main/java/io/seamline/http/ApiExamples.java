package io.seamline.http;

/**
 * The examples and parameter descriptions the API description shows, in one place so a value every resource uses
 * (an id, a category path, a table) reads the same everywhere; {@code OpenApiExamplesIT} sends every request body
 * here to its endpoint, so none can drift from what the validation accepts.
 */
final class ApiExamples {

    private ApiExamples() {
    }

    // Bodies. Ids are placeholders: a product or order id is what its create call answered.

    /** An id as the create calls answer it (a UUID); the example bodies use it where they name a product. */
    static final String PRODUCT_ID = "3f2b8c1e-7a4d-4e9b-b6a0-5c1d2e3f4a5b";

    static final String CREATE_PRODUCT = """
            {"sku": "HK-BED-0042", "title": "Percale Cotton Sheet Set, Queen",
             "description": "Four pieces: flat sheet, fitted sheet and two pillowcases; 300 thread count",
             "category": "Home & Kitchen > Bedding", "price": {"amount": "19.99", "currency": "USD"},
             "attributes": {"brand": "Hearthline", "color": "white"}}""";

    static final String PATCH_PRODUCT_PRICE = """
            {"price": {"amount": "17.49", "currency": "USD"}}""";

    static final String PATCH_PRODUCT_TEXT = """
            {"title": "Percale Cotton Sheet Set, Queen, White", "category": "Home & Kitchen > Bedding > Sheets",
             "attributes": {"brand": "Hearthline", "color": "white", "material": "cotton"}}""";

    static final String PLACE_ORDER = """
            {"customerId": "cust-1042",
             "lines": [{"productId": "3f2b8c1e-7a4d-4e9b-b6a0-5c1d2e3f4a5b", "quantity": 2}]}""";

    static final String CANCEL_ORDER = """
            {"reason": "Customer changed their mind"}""";

    static final String SQL_REVENUE = """
            {"sql": "SELECT category, currency, sum(net_revenue) AS net FROM gold_daily_revenue \
            GROUP BY category, currency ORDER BY net DESC",
             "limit": "20"}""";

    static final String SQL_AS_OF = """
            {"sql": "SELECT status, count(*) AS orders FROM silver_orders GROUP BY status ORDER BY status",
             "asOf": "2026-12-01T00:00:00Z"}""";

    static final String SQL_PINNED = """
            {"sql": "SELECT o.status, sum(l.amount) AS amount FROM silver_orders o \
            JOIN silver_order_lines l ON l.order_id = o.order_id GROUP BY o.status",
             "asOf": {"silver_orders": "2026-12-01T00:00:00Z"}, "limit": "100"}""";

    // The faults name an aggregate of their own: an example must not break the product the other examples name.

    static final String FAULT_DROP = """
            {"consumers": ["warehouse"], "aggregateId": "c4a1e9d2-6b3f-4f70-8e25-1d9b7a3c5e60",
             "eventType": "ProductUpdated"}""";

    static final String FAULT_POISON = """
            {"consumers": ["rowstore", "search"], "aggregateId": "c4a1e9d2-6b3f-4f70-8e25-1d9b7a3c5e60"}""";

    static final String FAULT_BATCH_FAILURE = """
            {"consumers": ["vectors"]}""";

    // Parameters: examples, and descriptions where an example alone would not say what the value is.

    static final String PRODUCT_ID_DESCRIPTION = "The product's id, as POST /api/products answered it (a UUID)";
    static final String ORDER_ID_DESCRIPTION = "The order's id, as POST /api/orders answered it (a UUID)";
    static final String IF_MATCH_DESCRIPTION = "The aggregateVersion the change is based on (the ETag of the last "
            + "read); absent or * for any version. A stale one is 409";
    static final String IF_MATCH = "\"3\"";
    static final String IDEMPOTENCY_KEY_DESCRIPTION = "A key of 1 to 255 printable ASCII characters: the same command "
            + "sent again with it answers as the first time did, without running again";
    static final String IDEMPOTENCY_KEY = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
    static final String CURSOR_DESCRIPTION = "Opaque: the previous page's nextCursor; absent for the first page";
    static final String LIMIT_DESCRIPTION = "Rows per page, 1 to 100 (default 20)";

    static final String SKU = "HK-BED-0042";
    static final String CATEGORY_PREFIX = "Home & Kitchen";
    static final String CATEGORY = "Home & Kitchen > Bedding";
    static final String CUSTOMER_ID = "cust-1042";
    static final String CURRENCY = "USD";
    static final String INSTANT = "2026-11-01T00:00:00Z";
    static final String INSTANT_LATER = "2026-12-01T00:00:00Z";
    static final String DAY = "2026-11-23";
    static final String FIRST_DAY = "2026-11-01";
    static final String LAST_DAY = "2026-11-30";
    static final String AS_OF_DESCRIPTION = "A table version number or an ISO-8601 instant; absent: the current "
            + "version";
    static final String LAYER = "gold";
    static final String TABLE = "daily_revenue";
    static final String COLUMNS = "day,category,currency,net_revenue";
    static final String READ_MODEL = "warehouse";
    static final String READ_MODEL_DESCRIPTION = "A read model: rowstore, warehouse, search or vectors";
    static final String CONSUMER = "rowstore";
    static final String CONSUMER_DESCRIPTION = "A consumer of the log: rowstore, warehouse, search or vectors";
    static final String GLOBAL_INDEX = "1500";
    static final String EVENT_TYPES = "OrderPlaced,OrderCancelled";
    static final String EVENT_ID = "9b2d4f6a-1c3e-4a5b-8d7f-0e1a2b3c4d5e";
    static final String SEARCH_QUERY = "soft cotton sheets for a queen bed";
}
