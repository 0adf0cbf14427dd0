package io.seamline.e2e;

import io.seamline.e2e.ProductUpdateFlow.Check;
import io.seamline.e2e.ProductUpdateFlow.Hop;
import io.seamline.e2e.ProductUpdateFlow.Outcome;
import io.seamline.e2e.ProductUpdateFlow.Traced;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** {@code docs/evidence/e2e-flow.md}: one run of the demo, its hops with their lags and what each store read back. */
final class FlowPage {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private FlowPage() {
    }

    /** The page for {@code outcome}; {@code facts} first (with the Source line), the run's timeline last. */
    static String markdown(Outcome outcome, Map<String, String> facts, String timeline) {
        StringBuilder md = new StringBuilder("# One product update, end to end\n\n");
        md.append("Written by `make demo` (`io.seamline.e2e.EndToEndDemo`) from one run; do not edit by hand. The demo ")
                .append("changes one product's price and title through the REST API, follows the event through every ")
                .append("hop with the propagation trace (`GET /api/trace`, the times the service recorded as each ")
                .append("hop applied it), reads the product back from each store, then sells one unit at the new ")
                .append("price and follows the order into gold and the dashboard.\n\n");
        md.append(outcome.failures().isEmpty() ? "**Every hop was reached and every store showed the change.**\n\n"
                : "**" + outcome.failures().size() + " checks were not as expected** (marked below).\n\n");
        md.append("| Fact | Value |\n|---|---|\n");
        facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append("| Product | `").append(outcome.productId()).append("` (").append(cell(String.valueOf(outcome.category())))
                .append(")").append(" |\n");
        md.append("| Change | title \"").append(cell(outcome.oldTitle())).append("\" → \"").append(cell(outcome.newTitle()))
                .append("\"; price ").append(outcome.oldPrice().toPlainString()).append(" → ")
                .append(outcome.newPrice().toPlainString()).append(' ').append(outcome.currency())
                .append("; one PATCH, version ").append(outcome.version()).append(" |\n");
        md.append("| Duration | ").append(String.format("%.1f s", outcome.seconds()))
                .append(" from choosing the product to the last read-back (goal: under 2 minutes) |\n\n");

        md.append("## The update's path\n\n");
        path(md, outcome.update());
        md.append("\n## Read back from each store\n\n");
        md.append("| Store | Read | Expected | Seen | As expected? |\n|---|---|---|---|---|\n");
        for (Check c : outcome.checks()) {
            md.append("| ").append(cell(c.store())).append(" | `").append(cell(c.read())).append("` | ")
                    .append(cell(c.expected())).append(" | ").append(cell(c.seen())).append(" | ")
                    .append(c.ok() ? "yes" : "**no**").append(" |\n");
        }
        md.append("\nBefore the change, the keyword query ranked the product ")
                .append(rank(outcome.keywordRankBefore())).append(" and the paraphrase ")
                .append(rank(outcome.vectorRankBefore())).append(": the hits above come from the new title.\n\n");

        md.append("## The dashboard cell\n\n");
        md.append("| Cell (day / category / currency) | Before | After | Why |\n|---|---|---|---|\n");
        if (outcome.pastBefore() != null && outcome.pastAfter() != null) {
            cellRow(md, outcome.pastBefore(), outcome.pastAfter(), "the product's last sale before the demo, read "
                    + "before and after the update: past sales keep the price they were sold at");
        }
        if (outcome.saleBefore() != null && outcome.saleAfter() != null) {
            cellRow(md, outcome.saleBefore(), outcome.saleAfter(), "order `" + outcome.orderId()
                    + "`: one unit at the new price, taken from the row store when the order was placed");
        }
        md.append("\n## The sale's path\n\n");
        path(md, outcome.order());
        md.append("\n## Timeline\n\nAs the demo printed it; the waiting lines are its progress lines.\n\n")
                .append(timeline);
        return md.toString();
    }

    static void write(Path file, String markdown) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, markdown);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void path(StringBuilder md, Traced t) {
        md.append(t.type()).append(" `").append(t.aggregateId()).append("` #").append(t.sequence())
                .append(", event `").append(t.eventId()).append("`, global index ").append(t.globalIndex())
                .append(".\n\n");
        md.append("| Hop | From | Reached (UTC) | Lag from upstream | Since the append | Where |\n")
                .append("|---|---|---|---:|---:|---|\n");
        for (Hop h : t.hops()) {
            String where = h.hop().equals("eventstore") ? "global index " + t.globalIndex()
                    : h.partition() != null ? "partition " + h.partition() + ", offset " + h.offset() : "";
            md.append("| ").append(h.hop()).append(" | ").append(h.from() == null ? "" : h.from()).append(" | ")
                    .append(h.at() == null ? h.status() : CLOCK.format(h.at())).append(" | ")
                    .append(h.lagFromMillis() == null ? "" : h.lagFromMillis() + " ms").append(" | ")
                    .append(h.sinceAppendMillis() == null ? "" : h.sinceAppendMillis() + " ms").append(" | ")
                    .append(where).append(" |\n");
        }
    }

    private static void cellRow(StringBuilder md, DashboardCell before, DashboardCell after, String why) {
        md.append("| ").append(before.day()).append(" / ").append(cell(before.category())).append(" / ")
                .append(before.currency()).append(" | ").append(before.version() < 0 ? "no row" : before.describe())
                .append(" | ").append(after.describe()).append(" | ").append(cell(why)).append(" |\n");
    }

    private static String rank(Integer rank) {
        return rank == null ? "nowhere in its top k" : "#" + rank;
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
