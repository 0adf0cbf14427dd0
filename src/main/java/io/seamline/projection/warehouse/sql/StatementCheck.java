package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The rules a parsed query must meet to run here, checked on DuckDB's syntax tree: it reads warehouse tables only
 * (by their plain names; the names of its own CTEs, subqueries and VALUES lists aside) and the catalogue of them
 * ({@code information_schema.tables} and {@code .columns}, {@code SHOW TABLES}, {@code DESCRIBE} or {@code SHOW} of a
 * table or query), no table function (no {@code read_csv}, {@code glob}, {@code range}, ...) and no
 * {@code SUMMARIZE} (it reads every row of a table); it calls
 * no function that tells about the server ({@code current_setting}); and the functions that build a value as large
 * as an argument says ({@code repeat}, {@code lpad}, {@code range}, ...) are given small literal sizes, because DuckDB
 * builds such values outside its memory limit.
 */
final class StatementCheck {

    /** The largest value, in characters or list elements, that a size argument may ask for. */
    static final int MAX_BUILT_VALUE = 10_000;

    private static final Set<String> FROM_TYPES = Set.of("BASE_TABLE", "SUBQUERY", "JOIN", "EXPRESSION_LIST", "EMPTY",
            "PIVOT", "SHOW_REF");
    /** The views of DuckDB's information_schema that tell of the warehouse tables and nothing else. */
    private static final Set<String> CATALOGUE_VIEWS = Set.of("tables", "columns");
    /** What SHOW TABLES and SHOW ALL TABLES name in their SHOW_REF. */
    private static final Set<String> SHOW_TABLES = Set.of("\"tables\"", "__show_tables_expanded");

    /**
     * What a query reads: warehouse tables' rows ({@code tables}, SQL names), and whether it asks the catalogue of
     * them ({@code information_schema}, SHOW, DESCRIBE), which needs every table declared but none of their rows.
     */
    record Reads(Set<String> tables, boolean catalogue) {
    }
    private static final Set<String> SERVER_FUNCTIONS = Set.of("current_setting");
    /** Functions building a value whose size an argument gives, by that argument's position. */
    private static final Map<String, Integer> SIZED = Map.of("lpad", 1, "rpad", 1, "bar", 3, "bitstring", 1,
            "to_base", 2, "list_resize", 1, "array_resize", 1);
    private static final Pattern WIDE_FORMAT = Pattern.compile("\\d{5,}");

    private final Set<String> warehouseTables;
    private final Set<String> cteNames = new TreeSet<>();
    private final Set<String> read = new TreeSet<>();
    private boolean catalogue;
    /** Inside DESCRIBE's query: it is bound to tell its columns, never run, so its tables' rows are not read. */
    private boolean describing;

    private StatementCheck(Set<String> warehouseTables) {
        this.warehouseTables = warehouseTables;
    }

    /**
     * Checks {@code node} against the rules, throwing {@link SqlRefused} at the first it breaks, and returns the
     * warehouse tables (of {@code warehouseTables}, SQL names) it reads.
     */
    static Set<String> tablesRead(JsonNode node, Set<String> warehouseTables) {
        return check(node, warehouseTables).tables();
    }

    /** As {@link #tablesRead}, also saying whether the query asks the catalogue. */
    static Reads check(JsonNode node, Set<String> warehouseTables) {
        StatementCheck check = new StatementCheck(warehouseTables);
        check.collectCteNames(node);
        check.visit(node, false);
        return new Reads(Set.copyOf(check.read), check.catalogue);
    }

    private void collectCteNames(JsonNode node) {
        node.path("cte_map").path("map").forEach(entry -> cteNames.add(SqlTree.name(entry.path("key"))));
        node.forEach(this::collectCteNames);
    }

    private void visit(JsonNode node, boolean tableReference) {
        if (node.isObject()) {
            String type = SqlTree.type(node);
            if (type.equals("TABLE_FUNCTION")) {
                throw SqlRefused.notAllowed("table functions are not allowed (found "
                        + node.path("function").path("function_name").asText() + "): read the warehouse tables, "
                        + String.join(", ", warehouseTables));
            }
            if (type.equals("SHOW_REF")) {
                show(node);
                return;
            }
            if (tableReference && !FROM_TYPES.contains(type)) {
                throw SqlRefused.notAllowed("FROM may hold warehouse tables, subqueries, joins and VALUES only, not "
                        + type);
            }
            if (type.equals("BASE_TABLE")) {
                table(node);
            }
            String kind = SqlTree.kind(node);
            if (kind.equals("FUNCTION") || kind.equals("WINDOW")) {
                function(node);
            }
            node.properties().forEach(field -> visit(field.getValue(), isTableReference(type, field.getKey())));
        } else if (node.isArray()) {
            node.forEach(element -> visit(element, tableReference));
        }
    }

    /** Where a table reference sits: a query's FROM, either side of a join, the source of a PIVOT. */
    private static boolean isTableReference(String parentType, String field) {
        return field.equals("from_table")
                || parentType.equals("JOIN") && (field.equals("left") || field.equals("right"))
                || parentType.equals("PIVOT") && field.equals("source");
    }

    /** SHOW TABLES, SHOW or DESCRIBE of a warehouse table, DESCRIBE of a query; not SUMMARIZE, which reads rows. */
    private void show(JsonNode show) {
        String showType = show.path("show_type").asText();
        String name = show.path("table_name").asText("");
        catalogue = true;
        if (showType.equals("SHOW_SPECIAL") && SHOW_TABLES.contains(name)) {
            return;
        }
        if (showType.equals("SHOW") && show.path("query").isNull()) {
            if (!warehouseTables.contains(SqlTree.name(show.path("table_name")))) {
                throw SqlRefused.notAllowed("there is no warehouse table " + name + "; the tables are "
                        + String.join(", ", warehouseTables));
            }
            return;
        }
        if (showType.equals("DESCRIBE") && show.path("query").isObject()) {
            boolean outer = describing;
            describing = true;
            visit(show.path("query"), false);
            describing = outer;
            return;
        }
        throw SqlRefused.notAllowed("SUMMARIZE and SHOW " + name + " are not allowed (SUMMARIZE reads every row); "
                + "SHOW TABLES, DESCRIBE <table> and information_schema.tables and .columns tell the catalogue");
    }

    private void table(JsonNode table) {
        String name = SqlTree.name(table.path("table_name"));
        if (SqlTree.name(table.path("schema_name")).equals("information_schema")
                && table.path("catalog_name").asText("").isEmpty() && CATALOGUE_VIEWS.contains(name)) {
            catalogue = true;
            return;
        }
        if (!table.path("schema_name").asText("").isEmpty() || !table.path("catalog_name").asText("").isEmpty()) {
            throw SqlRefused.notAllowed("name warehouse tables without a schema or catalog (e.g. gold_fact_sales), not "
                    + Stream.of("catalog_name", "schema_name", "table_name").map(part -> table.path(part).asText(""))
                    .filter(part -> !part.isEmpty()).collect(Collectors.joining(".")));
        }
        if (warehouseTables.contains(name)) {
            if (!describing) {
                read.add(name);
            }
        } else if (!cteNames.contains(name)) {
            throw SqlRefused.notAllowed("there is no warehouse table " + table.path("table_name").asText()
                    + "; the tables are " + String.join(", ", warehouseTables));
        }
    }

    private static void function(JsonNode function) {
        String name = SqlTree.name(function.path("function_name"));
        List<JsonNode> arguments = SqlTree.arguments(function);
        if (SERVER_FUNCTIONS.contains(name)) {
            throw SqlRefused.notAllowed(name + " is not allowed: the server's settings are not part of the warehouse");
        }
        Integer sized = SIZED.get(name);
        if (sized != null && arguments.size() > sized) {
            size(name, arguments.get(sized));
        }
        switch (name) {
            case "repeat" -> {
                String repeated = arguments.isEmpty() ? null : SqlTree.literal(arguments.get(0));
                if (repeated == null || !SqlTree.literalKind(arguments.get(0)).equals("STRING")) {
                    throw SqlRefused.notAllowed("repeat repeats a string literal only (e.g. repeat('-', 20))");
                }
                long count = arguments.size() > 1 ? size(name, arguments.get(1)) : 0;
                if (repeated.length() * count > MAX_BUILT_VALUE) {
                    throw SqlRefused.notAllowed("repeat may build at most " + MAX_BUILT_VALUE + " characters");
                }
            }
            case "range", "generate_series" -> {
                BigDecimal[] bounds = new BigDecimal[arguments.size()];
                for (int i = 0; i < bounds.length; i++) {
                    bounds[i] = number(name, arguments.get(i));
                }
                BigDecimal start = bounds.length > 1 ? bounds[0] : BigDecimal.ZERO;
                BigDecimal stop = bounds.length > 1 ? bounds[1] : bounds.length == 1 ? bounds[0] : BigDecimal.ZERO;
                BigDecimal step = bounds.length > 2 ? bounds[2].abs() : BigDecimal.ONE;
                if (step.signum() == 0 || stop.subtract(start).abs().divide(step, RoundingMode.CEILING)
                        .compareTo(BigDecimal.valueOf(MAX_BUILT_VALUE)) > 0) {
                    throw SqlRefused.notAllowed(name + " may build lists of at most " + MAX_BUILT_VALUE + " elements");
                }
            }
            case "printf", "format" -> {
                String format = arguments.isEmpty() ? null : SqlTree.literal(arguments.get(0));
                if (format == null || WIDE_FORMAT.matcher(format).find()) {
                    throw SqlRefused.notAllowed(name + " takes a literal format with widths of at most four digits");
                }
            }
            default -> {
                // no rule for this function
            }
        }
    }

    /** A size argument: a number literal of at most {@link #MAX_BUILT_VALUE}. */
    private static long size(String function, JsonNode argument) {
        BigDecimal size = number(function, argument);
        if (size.compareTo(BigDecimal.valueOf(MAX_BUILT_VALUE)) > 0) {
            throw SqlRefused.notAllowed(function + " may build values of at most " + MAX_BUILT_VALUE
                    + " characters or elements, not " + size.toPlainString());
        }
        return size.longValue();
    }

    private static BigDecimal number(String function, JsonNode argument) {
        String literal = SqlTree.literal(argument);
        try {
            if (literal != null && !SqlTree.literalKind(argument).equals("STRING")) {
                return new BigDecimal(literal.replace("_", ""));
            }
        } catch (NumberFormatException e) {
            // not a plain number: refused below
        }
        throw SqlRefused.notAllowed(function + " takes number literals for its sizes here (at most "
                + MAX_BUILT_VALUE + "), so the value it builds stays small");
    }
}
