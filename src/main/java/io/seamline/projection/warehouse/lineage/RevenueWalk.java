package io.seamline.projection.warehouse.lineage;

import io.seamline.projection.warehouse.gold.DailyRevenue;
import io.seamline.projection.warehouse.gold.FactSale;
import io.seamline.projection.warehouse.silver.SilverOrderLine;
import io.seamline.projection.warehouse.silver.SilverProduct;
import io.seamline.projection.warehouse.table.TableManifest;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One {@code daily_revenue} cell walked backwards: the number each layer gives (gold's view and facts, silver, bronze,
 * the event store's fold, which is the truth), the verdict naming the first layer that differs and why, and, for one
 * page of the cell's orders (keyset cursor on the order id), the rows behind the number in every layer.
 *
 * @param asOf        the time every layer is read as of (the time of the walk when none was asked)
 * @param globalIndex the highest global index of the event store folded into the truth
 * @param orders      how many orders any layer puts in the cell
 * @param nextCursor  pass as {@code cursor} for the next page of orders; null on the last page
 */
public record RevenueWalk(Cell cell, Instant asOf, long globalIndex, Totals truth, Verdict verdict, List<Layer> layers, Kafka kafka, Gold gold,
                          Silver silver, List<LocatedEvent> bronze, List<LocatedEvent> eventStore, int orders,
                          String nextCursor) {

    /** The dashboard cell: day (UTC date the orders were placed), category and currency. */
    public record Cell(LocalDate day, String category, String currency) {
    }

    /** The cell's numbers as one layer gives them; amounts to the cent, so layers agree when the numbers are equal. */
    public record Totals(BigDecimal grossRevenue, BigDecimal netRevenue, long orders, long cancelledOrders,
                         long units) {

        public Totals {
            grossRevenue = grossRevenue.setScale(2, RoundingMode.UNNECESSARY);
            netRevenue = netRevenue.setScale(2, RoundingMode.UNNECESSARY);
        }

        /** The sum of what each order contributes (the definition in {@code daily_revenue.sql}). */
        static Totals of(List<OrderShare> shares) {
            BigDecimal gross = BigDecimal.ZERO;
            BigDecimal net = BigDecimal.ZERO;
            long cancelled = 0;
            long units = 0;
            for (OrderShare share : shares) {
                gross = gross.add(share.amount());
                net = share.cancelled() ? net : net.add(share.amount());
                cancelled += share.cancelled() ? 1 : 0;
                units += share.units();
            }
            return new Totals(gross, net, shares.size(), cancelled, units);
        }

        @Override
        public String toString() {
            return "gross " + grossRevenue + ", net " + netRevenue + ", " + orders + " orders (" + cancelledOrders
                    + " cancelled), " + units + " units";
        }
    }

    /** Why the first differing layer differs; AGREE when none does. */
    public enum Reason { AGREE, LAGGING, STALLED, MISSING_EVENTS, EXTRA_EVENTS, DIFFERENT_VALUES }

    /**
     * The first layer, walking from the event store forward, whose number differs from the truth (null when every
     * layer agrees), why, the event ids of the cell's orders it has not received, what it holds the event store does
     * not, and the events it received (its watermark covers them) but its rows do not reflect: a fold bug's trace.
     */
    public record Verdict(String layer, Reason reason, String detail, List<String> missingEvents,
                          List<String> extraEvents, List<String> unreflectedEvents) {
    }

    /** One layer's table, the version read, its watermark, and the cell recomputed from it. */
    public record Layer(String layer, long tableVersion, Instant committedAt, TableManifest.Watermark watermark,
                        Totals totals, boolean agrees) {
    }

    /** The topic's end offsets beside the offsets each warehouse table's watermark has reached. */
    public record Kafka(String topic, Map<Integer, Long> endOffsets, Map<String, Map<Integer, Long>> watermarks) {
    }

    /** The dashboard row (null when gold has none) and the facts of this page's orders. */
    public record Gold(DailyRevenue dailyRevenue, List<FactSale> facts) {
    }

    /** Silver's rows behind this page's orders, each order with the silver version that wrote it. */
    public record Silver(List<OrderRow> orders, List<SilverOrderLine> lines, List<SilverProduct> products) {
    }

    /** A silver order row and the first retained version of {@code silver.orders} holding it (null if vacuumed). */
    public record OrderRow(String orderId, String status, long sequence, long globalIndex, Long writtenInVersion) {
    }

    /**
     * One event of a page's order: in bronze with its Kafka partition and offset and the bronze version that landed it
     * (null if no longer retained); in the event store with partition, offset and version -1.
     */
    public record LocatedEvent(String eventId, String type, String aggregateId, long sequence, long globalIndex,
                        String correlationId, int kafkaPartition, long kafkaOffset, Long landedInVersion) {
    }

    /** The walk as a Markdown page: the verdict, every layer's number, and the events behind the page's orders. */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Lineage of daily_revenue ").append(cell.day()).append(" / ").append(cell.category())
                .append(" / ").append(cell.currency()).append("\n\nAs of ").append(asOf)
                .append(", the event store up to global index ").append(globalIndex).append("\n\n");
        md.append(verdictText(verdict));
        md.append(layerTable(truth, layers));
        md.append("\n## Kafka ").append(kafka.topic()).append("\n\nend offsets ").append(offsets(kafka.endOffsets()))
                .append("\n\n");
        kafka.watermarks().forEach((table, offsets) -> md.append("- ").append(table).append(": ")
                .append(offsets(offsets)).append("\n"));
        md.append("\n## Event store (").append(orders).append(" orders in the cell; this page: ")
                .append(eventStore.size()).append(" events)\n\n");
        md.append("| global index | aggregate | sequence | type | event | correlation | bronze partition/offset "
                + "| bronze version |\n|---:|---|---:|---|---|---|---|---:|\n");
        Map<String, LocatedEvent> landed = bronze.stream()
                .collect(Collectors.toMap(LocatedEvent::eventId, e -> e, (a, b) -> a));
        for (LocatedEvent e : eventStore) {
            LocatedEvent b = landed.get(e.eventId());
            md.append("| ").append(e.globalIndex()).append(" | ").append(e.aggregateId()).append(" | ")
                    .append(e.sequence()).append(" | ").append(e.type()).append(" | ").append(e.eventId())
                    .append(" | ").append(e.correlationId() == null ? "" : e.correlationId()).append(" | ")
                    .append(b == null ? "not in bronze" : b.kafkaPartition() + "/" + b.kafkaOffset()).append(" | ")
                    .append(b == null || b.landedInVersion() == null ? "" : b.landedInVersion()).append(" |\n");
        }
        if (nextCursor != null) {
            md.append("\nMore orders: cursor=").append(nextCursor).append("\n");
        }
        return md.toString();
    }

    /** The cell's number in the event store and in each layer, as a Markdown table. */
    static String layerTable(Totals truth, List<Layer> layers) {
        StringBuilder md = new StringBuilder();
        md.append("| layer | version | committed | global index | gross | net | orders | cancelled | units | agrees |\n");
        md.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n");
        md.append("| event store (truth) | | | | ").append(row(truth)).append(" | yes |\n");
        for (Layer layer : layers) {
            md.append("| ").append(layer.layer()).append(" | ").append(layer.tableVersion()).append(" | ")
                    .append(layer.committedAt() == null ? "" : layer.committedAt()).append(" | ")
                    .append(layer.watermark().maxGlobalIndex()).append(" | ").append(row(layer.totals()))
                    .append(" | ").append(layer.agrees() ? "yes" : "**no**").append(" |\n");
        }
        return md.toString();
    }

    /** The verdict as a Markdown paragraph, with the events it names. */
    static String verdictText(Verdict verdict) {
        StringBuilder md = new StringBuilder();
        md.append("**Verdict: ").append(verdict.reason()).append(verdict.layer() == null ? "" : " at "
                + verdict.layer()).append("**: ").append(verdict.detail()).append("\n\n");
        if (!verdict.missingEvents().isEmpty()) {
            md.append("Missing events: ").append(String.join(", ", verdict.missingEvents())).append("\n\n");
        }
        if (!verdict.unreflectedEvents().isEmpty()) {
            md.append("Received but not reflected: ").append(String.join(", ", verdict.unreflectedEvents()))
                    .append("\n\n");
        }
        if (!verdict.extraEvents().isEmpty()) {
            md.append("Extra: ").append(String.join(", ", verdict.extraEvents())).append("\n\n");
        }
        return md.toString();
    }

    private static String row(Totals t) {
        return t.grossRevenue() + " | " + t.netRevenue() + " | " + t.orders() + " | " + t.cancelledOrders() + " | "
                + t.units();
    }

    private static String offsets(Map<Integer, Long> offsets) {
        return new java.util.TreeMap<>(offsets).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
    }
}
