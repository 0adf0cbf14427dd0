package io.seamline.e2e;

import io.seamline.e2e.LineageScenarios.Check;
import io.seamline.e2e.LineageScenarios.Layer;
import io.seamline.e2e.LineageScenarios.Outcome;
import io.seamline.e2e.LineageScenarios.Step;
import io.seamline.e2e.LineageScenarios.Totals;

import java.util.List;
import java.util.Map;

/**
 * {@code docs/evidence/lineage.md}: one run of {@code make demo-lineage}, each scenario's steps as the commands to
 * repeat them (curl with the README's token variables, or SQL) with their answers, the verdict, the time-travel
 * comparison, the repair and the converged number.
 */
final class LineagePage {

    private static final String BASE = "localhost:8080";

    private LineagePage() {
    }

    /** The page for {@code outcomes}; {@code facts} first (with the Source line), the run's timeline last. */
    static String markdown(List<Outcome> outcomes, Step setup, Map<String, String> facts, String timeline) {
        StringBuilder md = new StringBuilder("# Lineage of a dashboard number: three faults found and repaired\n\n");
        md.append("Written by `make demo-lineage` (`io.seamline.e2e.LineageDemo`) from one run; do not edit by hand. ")
                .append("For each fault the demo gives one product a dashboard cell of its own (its category, today, ")
                .append("EUR), places orders until every layer agrees on the cell, plants the fault and keeps placing ")
                .append("orders, then shows the dashboard's number that is now wrong, the lineage walk's verdict on ")
                .append("which layer is wrong, the time-travel comparison of every layer just before the fault and ")
                .append("after the orders, SQL over each layer's table then and now, the repair, and the number ")
                .append("converging on the event store's.\n\n");
        long failed = outcomes.stream().mapToLong(o -> o.failures().size()).sum();
        md.append(failed == 0 ? "**Every verdict named the faulty layer and every number converged.**\n\n"
                : "**" + failed + " checks were not as expected** (marked below).\n\n");
        md.append("| Fact | Value |\n|---|---|\n");
        facts.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(cell(v)).append(" |\n"));
        md.append("\nThe commands are written for `make run` (`http://").append(BASE).append("`) with the token ")
                .append("headers of the README (`eval \"$(make -s credentials)\"`, then `R`, `W`, `A`, `O` for the ")
                .append("reader, writer, analyst and operator tokens). SQL goes through `POST /api/warehouse/sql` ")
                .append("(analyst) as `{\"sql\": \"…\", \"asOf\": \"<instant>\"}`. Fault injection is off on a ")
                .append("service until an operator enables it:\n\n");
        command(md, setup, "");
        md.append("\n## Summary\n\n");
        md.append("| Fault | Verdict | Dashboard before | Dashboard under the fault | Event store's truth | Repair | ")
                .append("Dashboard after the repair |\n|---|---|---|---|---|---|---|\n");
        for (Outcome o : outcomes) {
            md.append("| ").append(o.fault().title).append(" | ")
                    .append(o.walk() == null ? "not reached" : cell(o.walk().verdict().reason() + " at "
                            + o.walk().verdict().layer())).append(" | ")
                    .append(o.agreed() == null ? "" : figures(o.agreed())).append(" | ")
                    .append(o.wrong() == null ? "" : figures(o.wrong())).append(" | ")
                    .append(o.walk() == null ? "" : totals(o.walk().truth())).append(" | ")
                    .append(o.repair() == null ? "" : cell(o.repair())).append(" | ")
                    .append(o.converged() == null ? "" : figures(o.converged())).append(" |\n");
        }
        int n = 0;
        for (Outcome o : outcomes) {
            scenario(md, ++n, o);
        }
        md.append("\n## Timeline\n\nAs the demo printed it.\n\n").append(timeline);
        return md.toString();
    }

    private static void scenario(StringBuilder md, int n, Outcome o) {
        md.append("\n## ").append(n).append(". ").append(o.fault().title).append("\n\n");
        md.append("Cell: ").append(o.day()).append(" / `").append(o.category()).append("` / ")
                .append(LineageScenarios.CURRENCY).append(String.format(", %.1f s from the product to the converged ",
                        o.seconds())).append("number. ")
                .append(o.failures().isEmpty() ? "Every check as expected." : "**" + o.failures().size()
                        + " checks not as expected.**").append("\n\n");
        md.append("### Steps\n\n");
        int i = 0;
        for (Step s : o.steps()) {
            md.append(++i).append(". ").append(s.title()).append("\n\n");
            command(md, s, "    "); // four spaces: the content of items numbered 10 and up still nests
            md.append("\n    → ").append(s.answer().replace("\n", " ")).append("\n\n");
        }
        if (o.walk() != null) {
            md.append("### The walk's verdict under the fault\n\n**").append(o.walk().verdict().reason())
                    .append(" at ").append(o.walk().verdict().layer()).append("**: ")
                    .append(o.walk().verdict().detail()).append("\n\n");
            events(md, "events the layer misses", o.walk().verdict().missing());
            events(md, "events the layer holds but does not reflect", o.walk().verdict().unreflected());
            events(md, "events or orders the event store does not have", o.walk().verdict().extra());
            md.append("| Layer | Version | Committed (UTC) | Gross | Net | Orders | Cancelled | Units | Agrees |\n")
                    .append("|---|---:|---|---:|---:|---:|---:|---:|---|\n");
            md.append("| event store (truth) | | | ").append(row(o.walk().truth())).append(" | |\n");
            for (Layer l : o.walk().layers()) {
                md.append("| ").append(l.layer()).append(" | ").append(l.version()).append(" | ")
                        .append(l.committedAt()).append(" | ").append(row(l.totals())).append(" | ")
                        .append(l.agrees() ? "yes" : "**no**").append(" |\n");
            }
        }
        if (o.before() != null && o.after() != null) {
            md.append("\n### Time travel: every layer before the fault and after the orders\n\n");
            md.append("`GET /api/lineage/compare` at ").append(o.before().at()).append(" (global index ")
                    .append(o.before().globalIndex()).append(") and at ").append(o.after().at())
                    .append(" (global index ").append(o.after().globalIndex()).append(").\n\n");
            md.append("| Layer | Before: version | Before: net, orders | Before agrees | After: version | ")
                    .append("After: net, orders | After agrees |\n|---|---:|---|---|---:|---|---|\n");
            md.append("| event store (truth) | | ").append(brief(o.before().truth())).append(" | | | ")
                    .append(brief(o.after().truth())).append(" | |\n");
            for (Layer before : o.before().layers()) {
                Layer after = o.after().layer(before.layer());
                md.append("| ").append(before.layer()).append(" | ").append(before.version()).append(" | ")
                        .append(brief(before.totals())).append(" | ").append(before.agrees() ? "yes" : "**no**")
                        .append(" | ").append(after.version()).append(" | ").append(brief(after.totals()))
                        .append(" | ").append(after.agrees() ? "yes" : "**no**").append(" |\n");
            }
            md.append("\n").append(proof(o)).append("\n");
        }
        if (o.repair() != null) {
            md.append("\n### Repair\n\n").append(o.repair()).append(". After it: ");
            md.append(o.convergedWalk() == null ? "no walk" : "the walk says " + o.convergedWalk().verdict().reason()
                    + ", the event store's truth " + o.convergedWalk().truth()).append("; the dashboard shows ")
                    .append(o.converged() == null ? "nothing" : o.converged().describe()).append(".\n");
        }
        md.append("\n### Checks\n\n| Check | Expected | Seen | As expected? |\n|---|---|---|---|\n");
        for (Check c : o.checks()) {
            md.append("| ").append(cell(c.what())).append(" | ").append(cell(c.expected())).append(" | ")
                    .append(cell(c.seen())).append(" | ").append(c.ok() ? "yes" : "**no**").append(" |\n");
        }
    }

    /** What the comparison proves, in one sentence. */
    private static String proof(Outcome o) {
        List<String> wrongAfter = LineageScenarios.disagreeing(o.after());
        List<String> wrongBefore = LineageScenarios.disagreeing(o.before());
        return "Before the fault " + (wrongBefore.isEmpty() ? "every layer gave the event store's number"
                : "these layers disagreed: " + wrongBefore) + "; after the orders the event store's truth moved to "
                + o.after().truth() + " while " + (wrongAfter.isEmpty() ? "every layer followed it"
                : String.join(", ", wrongAfter) + " did not") + ": the first of them is where the number went wrong.";
    }

    /** A step as its command, each line indented by {@code indent}: curl with its role's token variable, or SQL. */
    private static void command(StringBuilder md, Step s, String indent) {
        if (s.isSql()) {
            md.append(indent).append("```sql\n").append(indent).append(s.sql()).append('\n').append(indent)
                    .append("```\n");
            return;
        }
        StringBuilder curl = new StringBuilder("curl -s -H \"$").append(s.role()).append('"');
        if (!s.method().equals("GET")) {
            curl.append(" -X ").append(s.method());
        }
        curl.append(" '").append(BASE).append(s.path()).append('\'');
        if (s.body() != null) {
            curl.append(" -H 'Content-Type: application/json' -d '").append(s.body().replace("'", "'\\''"))
                    .append('\'');
        }
        md.append(indent).append("```sh\n").append(indent).append(curl).append('\n').append(indent).append("```\n");
    }

    private static void events(StringBuilder md, String what, List<String> ids) {
        if (!ids.isEmpty()) {
            md.append("The ").append(what).append(": ").append(String.join(", ", ids.stream()
                    .map(id -> "`" + id + "`").toList())).append(".\n\n");
        }
    }

    private static String row(Totals t) {
        return t.gross().toPlainString() + " | " + t.net().toPlainString() + " | " + t.orders() + " | "
                + t.cancelled() + " | " + t.units();
    }

    private static String brief(Totals t) {
        return "net " + t.net().toPlainString() + ", " + t.orders() + " orders";
    }

    private static String totals(Totals t) {
        return "net " + t.net().toPlainString() + " of gross " + t.gross().toPlainString() + ", " + t.orders()
                + " orders (" + t.cancelled() + " cancelled)";
    }

    private static String figures(DashboardCell c) {
        return "net " + c.net().toPlainString() + " of gross " + c.gross().toPlainString() + ", " + c.orders()
                + " orders";
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}
