package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.seam.openlineage.ModelDataset.Source;
import io.seamline.seam.openlineage.ModelDataset.Transformation;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where each column of a query's answer comes from, read off DuckDB's own syntax tree of the query: for every output
 * column the base-table columns it is computed from (as is, transformed, aggregated, or deciding a CASE branch), and
 * the columns that decide which rows there are (joins, grouping, filters, order), through any chain of CTEs. What
 * OpenLineage's column-lineage facet says of a gold table, derived from its SQL definition rather than written down
 * beside it.
 */
public final class SqlColumnLineage {

    /** The lineage of a query: per output column, in order, its sources; and the sources of the whole answer. */
    public record Lineage(Map<String, List<Source>> fields, List<Source> dataset) {
    }

    private static final Set<String> AGGREGATES = Set.of("sum", "count", "count_star", "avg", "mean", "min", "max",
            "any_value", "first", "last", "string_agg", "list", "array_agg", "median", "mode", "stddev", "variance",
            "bool_and", "bool_or", "product", "arg_min", "arg_max", "histogram", "quantile", "approx_count_distinct");

    private final Function<String, List<String>> columnsOf;

    private SqlColumnLineage(Function<String, List<String>> columnsOf) {
        this.columnsOf = columnsOf;
    }

    /**
     * The lineage of {@code sql}, one query, parsed by {@code duckdb}; {@code columnsOf} names the columns of a base
     * table (for {@code *} and for unqualified names in a join), empty for a table it does not know.
     */
    public static Lineage of(Connection duckdb, String sql, Function<String, List<String>> columnsOf)
            throws SQLException {
        return new SqlColumnLineage(columnsOf).query(SqlStatement.parse(duckdb, sql).node(), Map.of());
    }

    /** A source the query reads from, by the name it is known by in the query. */
    private sealed interface Relation permits Table, Derived {
    }

    private record Table(String name) implements Relation {
    }

    private record Derived(Lineage lineage) implements Relation {
    }

    private Lineage query(JsonNode node, Map<String, Lineage> outer) {
        if (!"SELECT_NODE".equals(SqlTree.type(node))) {
            throw new IllegalArgumentException("column lineage reads SELECT queries; this one is a "
                    + SqlTree.type(node));
        }
        Map<String, Lineage> ctes = new LinkedHashMap<>(outer);
        for (JsonNode cte : node.path("cte_map").path("map")) {
            ctes.put(SqlTree.name(cte.path("key")), query(cte.path("value").path("query_node"), ctes));
        }
        Map<String, Relation> scope = new LinkedHashMap<>();
        Set<Source> dataset = new LinkedHashSet<>();
        from(node.path("from_table"), ctes, scope, dataset);
        Map<String, List<Source>> fields = new LinkedHashMap<>();
        int position = 0;
        for (JsonNode expression : node.path("select_list")) {
            position++;
            if ("STAR".equals(SqlTree.kind(expression))) {
                star(expression, scope, fields);
                continue;
            }
            Set<Source> sources = new LinkedHashSet<>();
            walk(expression, Transformation.IDENTITY, scope, sources);
            fields.put(outputName(expression, position), List.copyOf(sources));
        }
        walk(node.path("where_clause"), Transformation.FILTER, scope, dataset);
        walk(node.path("having"), Transformation.FILTER, scope, dataset);
        walk(node.path("qualify"), Transformation.FILTER, scope, dataset);
        node.path("group_expressions").forEach(e -> walk(e, Transformation.GROUP_BY, scope, dataset));
        for (JsonNode modifier : node.path("modifiers")) {
            if ("ORDER_MODIFIER".equals(SqlTree.type(modifier))) {
                modifier.path("orders").forEach(o -> walk(o.path("expression"), Transformation.SORT, scope, dataset));
            }
        }
        return new Lineage(fields, List.copyOf(dataset));
    }

    /** Adds the relations of a FROM clause to {@code scope}, and what its joins and derived tables decide to rows. */
    private void from(JsonNode table, Map<String, Lineage> ctes, Map<String, Relation> scope, Set<Source> dataset) {
        if (SqlTree.absent(table)) {
            return;
        }
        switch (SqlTree.type(table)) {
            case "BASE_TABLE" -> {
                String name = SqlTree.name(table.path("table_name"));
                Lineage cte = ctes.get(name);
                if (cte != null) {
                    dataset.addAll(cte.dataset());
                }
                scope.put(SqlTree.alias(table), cte == null ? new Table(name) : new Derived(cte));
            }
            case "SUBQUERY" -> {
                Lineage sub = query(table.path("subquery").path("node"), ctes);
                dataset.addAll(sub.dataset());
                scope.put(SqlTree.name(table.path("alias")), new Derived(sub));
            }
            case "JOIN" -> {
                from(table.path("left"), ctes, scope, dataset);
                from(table.path("right"), ctes, scope, dataset);
                walk(table.path("condition"), Transformation.JOIN, scope, dataset);
                for (JsonNode using : table.path("using_columns")) { // JOIN ... USING (c): c of every side
                    String column = SqlTree.name(using);
                    scope.values().stream().filter(relation -> holds(relation, column))
                            .flatMap(relation -> column(relation, column).stream())
                            .forEach(s -> dataset.add(new Source(s.dataset(), s.field(),
                                    compose(Transformation.JOIN, s.transformation()))));
                }
            }
            case "EMPTY" -> {
            }
            default -> throw new IllegalArgumentException("column lineage cannot read a FROM of "
                    + SqlTree.type(table));
        }
    }

    /**
     * Adds the sources of {@code expression} used as {@code here} says: at the top a bare column passes its value on
     * as is; below an operator, a cast or a function it is transformed; inside an aggregate it is aggregated; in a
     * CASE's condition or an aggregate's FILTER it decides, not computes.
     */
    private void walk(JsonNode expression, Transformation here, Map<String, Relation> scope, Set<Source> out) {
        if (SqlTree.absent(expression)) {
            return;
        }
        if (expression.isArray()) {
            expression.forEach(e -> walk(e, here, scope, out));
            return;
        }
        if (!expression.isObject()) {
            return;
        }
        switch (SqlTree.kind(expression)) {
            case "COLUMN_REF" -> {
                for (Source upstream : resolve(SqlTree.columnParts(expression), scope)) {
                    out.add(new Source(upstream.dataset(), upstream.field(),
                            compose(here, upstream.transformation())));
                }
            }
            case "CASE" -> {
                for (JsonNode check : expression.path("case_checks")) {
                    walk(check.path("when_expr"), indirect(here) ? here : Transformation.CONDITIONAL, scope, out);
                    walk(check.path("then_expr"), deeper(here), scope, out);
                }
                walk(expression.path("else_expr"), deeper(here), scope, out);
            }
            case "FUNCTION" -> {
                boolean aggregate = AGGREGATES.contains(SqlTree.name(expression.path("function_name")));
                Transformation inside = indirect(here) ? here
                        : aggregate ? Transformation.AGGREGATION : deeper(here);
                SqlTree.arguments(expression).forEach(argument -> walk(argument, inside, scope, out));
                walk(expression.path("filter"), indirect(here) ? here : Transformation.FILTER, scope, out);
            }
            case "SUBQUERY" -> throw new IllegalArgumentException("column lineage cannot read a subquery expression");
            default -> expression.properties().forEach(child -> {
                if (!"type_expr".equals(child.getKey())) {
                    walk(child.getValue(), deeper(here), scope, out);
                }
            });
        }
    }

    /** The sources of a column reference: a base table's column as is, or what a CTE's column comes from. */
    private List<Source> resolve(List<String> parts, Map<String, Relation> scope) {
        String column = parts.getLast();
        if (parts.size() > 1) {
            String alias = parts.get(parts.size() - 2);
            Relation relation = scope.get(alias);
            if (relation == null) {
                throw new IllegalArgumentException("no relation " + alias + " for column " + String.join(".", parts));
            }
            return column(relation, column);
        }
        List<Relation> holding = scope.values().stream().filter(r -> holds(r, column)).toList();
        if (holding.size() == 1) {
            return column(holding.getFirst(), column);
        }
        if (holding.isEmpty() && scope.size() == 1) {
            return column(scope.values().iterator().next(), column);
        }
        throw new IllegalArgumentException("column " + column + " is " + (holding.isEmpty() ? "in no" : "in more than one")
                + " relation of " + scope.keySet());
    }

    private boolean holds(Relation relation, String column) {
        return switch (relation) {
            case Table table -> columnsOf.apply(table.name()).contains(column);
            case Derived derived -> derived.lineage().fields().containsKey(column);
        };
    }

    private static List<Source> column(Relation relation, String column) {
        return switch (relation) {
            case Table table -> List.of(new Source(table.name(), column, Transformation.IDENTITY));
            case Derived derived -> {
                List<Source> sources = derived.lineage().fields().get(column);
                if (sources == null) {
                    throw new IllegalArgumentException("no column " + column + " in " + derived.lineage().fields()
                            .keySet());
                }
                yield sources;
            }
        };
    }

    /** {@code *}: every column of the relation it names, or of every relation, passed on as is. */
    private void star(JsonNode star, Map<String, Relation> scope, Map<String, List<Source>> fields) {
        String only = SqlTree.name(star.path("relation_name"));
        scope.forEach((alias, relation) -> {
            if (!only.isEmpty() && !only.equals(alias)) {
                return;
            }
            List<String> columns = switch (relation) {
                case Table table -> columnsOf.apply(table.name());
                case Derived derived -> new ArrayList<>(derived.lineage().fields().keySet());
            };
            if (columns.isEmpty()) {
                throw new IllegalArgumentException("the columns of " + alias + " are not known, so * cannot be read");
            }
            columns.forEach(column -> fields.put(column, column(relation, column)));
        });
    }

    /** The name DuckDB gives an output column: its alias, else a bare column's name. */
    private static String outputName(JsonNode expression, int position) {
        String alias = SqlTree.name(expression.path("alias"));
        if (!alias.isEmpty()) {
            return alias;
        }
        if ("COLUMN_REF".equals(SqlTree.kind(expression))) {
            return SqlTree.columnParts(expression).getLast();
        }
        throw new IllegalArgumentException("output column " + position + " has no name: give it an alias");
    }

    private static boolean indirect(Transformation t) {
        return "INDIRECT".equals(t.type());
    }

    /** Below the top of an expression a value passed on is no longer as is. */
    private static Transformation deeper(Transformation here) {
        return here == Transformation.IDENTITY ? Transformation.TRANSFORMATION : here;
    }

    /**
     * How a column used as {@code here} depends on what its source depended on: the use decides when it is indirect
     * (grouping by an aggregate is grouping), else an indirect source stays indirect, else the stronger of the two
     * (as is &lt; transformed &lt; aggregated).
     */
    private static Transformation compose(Transformation here, Transformation upstream) {
        if (indirect(here)) {
            return here;
        }
        if (indirect(upstream)) {
            return upstream;
        }
        return here.ordinal() >= upstream.ordinal() ? here : upstream;
    }
}
