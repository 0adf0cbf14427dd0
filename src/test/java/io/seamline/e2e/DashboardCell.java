package io.seamline.e2e;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A dashboard cell: one day, category and currency of {@code gold.daily_revenue}, at the version read. */
record DashboardCell(LocalDate day, String category, String currency, BigDecimal gross, BigDecimal net, long orders,
                     long units, long version, long watermark) {

    static DashboardCell empty(LocalDate day, String category, String currency, long version, long watermark) {
        return new DashboardCell(day, category, currency, BigDecimal.ZERO, BigDecimal.ZERO, 0, 0, version, watermark);
    }

    /** The dashboard's cell for {@code day}, {@code category} and {@code currency} now (zeros when it has none). */
    static DashboardCell read(DemoApi api, LocalDate day, String category, String currency) {
        JsonNode answer = api.get(path(day, category));
        long version = answer.path("tableVersion").asLong();
        long watermark = answer.path("watermark").path("maxGlobalIndex").asLong(-1);
        for (JsonNode r : answer.path("rows")) {
            // category is a prefix on the dashboard: a subcategory's row must not stand for the cell
            if (r.path("currency").asText().equals(currency) && r.path("category").asText().equals(category)) {
                return new DashboardCell(day, category, currency, r.path("grossRevenue").decimalValue(),
                        r.path("netRevenue").decimalValue(), r.path("orders").asLong(), r.path("units").asLong(),
                        version, watermark);
            }
        }
        return empty(day, category, currency, version, watermark);
    }

    /** The dashboard request for one day's cells of {@code category}, its query encoded. */
    static String path(LocalDate day, String category) {
        return "/api/dashboard/revenue?from=" + day + "&to=" + day + "&category=" + DemoApi.encode(category);
    }

    boolean sameFigures(DashboardCell other) {
        return gross.compareTo(other.gross) == 0 && net.compareTo(other.net) == 0 && orders == other.orders
                && units == other.units;
    }

    String describe() {
        return String.format("gross %s, net %s, %d orders, %d units (gold.daily_revenue v%d, up to global index %d)",
                gross.toPlainString(), net.toPlainString(), orders, units, version, watermark);
    }
}
