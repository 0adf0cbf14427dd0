package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a query can read of each warehouse table, found on its syntax tree, so that only that is copied into DuckDB:
 * <ul>
 * <li>columns: every column whose name the query mentions anywhere (as any part of a column reference, or in
 * {@code USING}); all of them where a star, {@code COLUMNS(...)}, the table's row as a value, renamed columns, a
 * positional reference ({@code #1}), a NATURAL join or a PIVOT could reach columns it does not name. Mentioning a
 * name counts for every table that has such a column, wherever it appears, so the set can only be too large.</li>
 * <li>days: for a table partitioned by a day column and read once, the range that constant comparisons and BETWEENs
 * on that column, ANDed at the top of the WHERE of the query that reads the table, allow; only where no join kind
 * (ASOF and the like) and no sample can see rows before that WHERE.</li>
 * </ul>
 */
final class ReadPlan {

    /** What is read of one table: its columns, in table order, and the days [from, to] (null: open). */
    record Needs(List<String> columns, LocalDate from, LocalDate to) {

        /** Whether a day of the table's day partitions can hold rows the query reads. */
        boolean includes(LocalDate day) {
            return (from == null || !day.isBefore(from)) && (to == null || !day.isAfter(to));
        }
    }

    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Set<String> ROW_WISE_JOINS = Set.of("REGULAR", "CROSS");
    private static final Set<String> ROW_WISE_JOIN_TYPES = Set.of("INNER", "LEFT", "RIGHT", "OUTER");

    /** One reference to a warehouse table, and the query whose FROM holds it (through joins and PIVOTs). */
    private record Use(String table, String alias, JsonNode reference, JsonNode query) {
    }

    private final Set<String> tables;
    private final List<Use> uses = new ArrayList<>();
    private final Set<String> names = new HashSet<>();
    private final Set<String> singleNames = new HashSet<>();
    private final Set<String> qualifiedStars = new HashSet<>();
    private final Set<JsonNode> starQueries = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean everyColumn;

    private ReadPlan(Set<String> tables) {
        this.tables = tables;
    }

    /**
     * What {@code node} reads of each table in {@code schemas} (by SQL name); {@code dayColumns} names, per table, the
     * DATE column its files are partitioned by (absent: not partitioned by day).
     */
    static Map<String, Needs> of(JsonNode node, Map<String, Schema> schemas, Map<String, String> dayColumns) {
        ReadPlan plan = new ReadPlan(schemas.keySet());
        plan.visit(node, null);
        Map<String, Needs> needs = new LinkedHashMap<>();
        schemas.forEach((table, schema) -> {
            List<Use> ofTable = plan.uses.stream().filter(use -> use.table().equals(table)).toList();
            LocalDate[] days = {null, null};
            String dayColumn = dayColumns.get(table);
            if (dayColumn != null && ofTable.size() == 1) {
                plan.days(ofTable.getFirst(), dayColumn, days);
            }
            needs.put(table, new Needs(plan.columns(schema, ofTable), days[0], days[1]));
        });
        return needs;
    }

    private void visit(JsonNode node, JsonNode query) {
        if (node.isObject()) {
            String type = SqlTree.type(node);
            if (type.equals("SELECT_NODE")) {
                query = node;
            }
            switch (type) {
                case "BASE_TABLE" -> {
                    String table = SqlTree.name(node.path("table_name"));
                    if (tables.contains(table)) {
                        uses.add(new Use(table, SqlTree.alias(node), node, query));
                    }
                }
                case "JOIN" -> {
                    everyColumn |= node.path("ref_type").asText().equals("NATURAL");
                    node.path("using_columns").forEach(column -> names.add(SqlTree.name(column)));
                }
                case "PIVOT" -> everyColumn = true; // a PIVOT groups by every column it does not pivot
                default -> {
                    // other nodes hold no table and name no column themselves
                }
            }
            switch (SqlTree.kind(node)) {
                case "COLUMN_REF" -> {
                    List<String> parts = SqlTree.columnParts(node);
                    names.addAll(parts);
                    if (parts.size() == 1) {
                        singleNames.add(parts.getFirst());
                    }
                }
                case "STAR" -> {
                    String relation = SqlTree.name(node.path("relation_name"));
                    if (relation.isEmpty()) {
                        starQueries.add(query);
                    } else {
                        qualifiedStars.add(relation);
                    }
                }
                case "POSITIONAL_REFERENCE" -> everyColumn = true;
                default -> {
                    // expressions that are no column reference: their children are visited below
                }
            }
            for (JsonNode child : node) {
                visit(child, query);
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                visit(element, query);
            }
        }
    }

    private List<String> columns(Schema schema, List<Use> ofTable) {
        List<String> all = schema.getFields().stream().map(Field::getName).toList();
        boolean whole = everyColumn || ofTable.stream().anyMatch(use -> starQueries.contains(use.query())
                || qualifiedStars.contains(use.alias()) || qualifiedStars.contains(use.table())
                || singleNames.contains(use.alias()) || singleNames.contains(use.table())
                || !use.reference().path("column_name_alias").isEmpty());
        if (whole) {
            return all;
        }
        List<String> named = all.stream().filter(names::contains).toList();
        if (!named.isEmpty()) {
            return named;
        }
        // no column named (count(*), EXISTS, ...): the rows still count, so copy the narrowest column in
        return List.of(schema.getFields().stream()
                .filter(field -> !(field.getType() instanceof ArrowType.Utf8))
                .findFirst().orElse(schema.getFields().getFirst()).getName());
    }

    private void days(Use use, String column, LocalDate[] days) {
        JsonNode query = use.query();
        if (query == null || !SqlTree.absent(query.path("sample")) || !SqlTree.absent(use.reference().path("sample"))
                || !use.reference().path("column_name_alias").isEmpty() || !rowWise(query.path("from_table"))) {
            return;
        }
        boolean alone = query.path("from_table") == use.reference();
        for (JsonNode condition : conjuncts(query.path("where_clause"))) {
            String comparison = SqlTree.type(condition);
            if (comparison.equals("COMPARE_BETWEEN")) {
                if (isColumn(condition.path("input"), use, column, alone)) {
                    narrow(days, date(condition.path("lower")), date(condition.path("upper")));
                }
                continue;
            }
            JsonNode left = condition.path("left");
            JsonNode right = condition.path("right");
            if (isColumn(left, use, column, alone)) {
                bound(days, comparison, date(right));
            } else if (isColumn(right, use, column, alone)) {
                bound(days, flipped(comparison), date(left));
            }
        }
    }

    /** Whether every row of the tables under {@code reference} reaches the WHERE as itself or not at all. */
    private static boolean rowWise(JsonNode reference) {
        return switch (SqlTree.type(reference)) {
            case "JOIN" -> ROW_WISE_JOINS.contains(reference.path("ref_type").asText())
                    && ROW_WISE_JOIN_TYPES.contains(reference.path("join_type").asText())
                    && rowWise(reference.path("left")) && rowWise(reference.path("right"));
            case "BASE_TABLE", "SUBQUERY", "EXPRESSION_LIST", "EMPTY" -> SqlTree.absent(reference.path("sample"));
            default -> false;
        };
    }

    private static List<JsonNode> conjuncts(JsonNode condition) {
        if (SqlTree.type(condition).equals("CONJUNCTION_AND")) {
            List<JsonNode> all = new ArrayList<>();
            condition.path("children").forEach(child -> all.addAll(conjuncts(child)));
            return all;
        }
        return List.of(condition);
    }

    /** A reference to the day column of this use: qualified by its alias, or bare when the table is alone. */
    private static boolean isColumn(JsonNode expression, Use use, String column, boolean alone) {
        if (!SqlTree.kind(expression).equals("COLUMN_REF")) {
            return false;
        }
        List<String> parts = SqlTree.columnParts(expression);
        return parts.equals(List.of(use.alias(), column)) || alone && parts.equals(List.of(column));
    }

    /** The day a constant denotes: an ISO date string, or one cast to DATE; null for anything else. */
    private static LocalDate date(JsonNode expression) {
        JsonNode literal = expression;
        if (SqlTree.kind(expression).equals("CAST")) {
            if (!SqlTree.name(expression.path("type_expr").path("type_name")).equals("date")) {
                return null;
            }
            literal = expression.path("child");
        }
        String text = SqlTree.literal(literal);
        if (text == null || !SqlTree.literalKind(literal).equals("STRING") || !ISO_DATE.matcher(text).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String flipped(String comparison) {
        return switch (comparison) {
            case "COMPARE_GREATERTHAN" -> "COMPARE_LESSTHAN";
            case "COMPARE_GREATERTHANOREQUALTO" -> "COMPARE_LESSTHANOREQUALTO";
            case "COMPARE_LESSTHAN" -> "COMPARE_GREATERTHAN";
            case "COMPARE_LESSTHANOREQUALTO" -> "COMPARE_GREATERTHANOREQUALTO";
            default -> comparison;
        };
    }

    // strict comparisons keep their bounding day too: a day more costs little, a day less would lose rows
    private static void bound(LocalDate[] days, String comparison, LocalDate day) {
        if (day == null) {
            return;
        }
        switch (comparison) {
            case "COMPARE_EQUAL" -> narrow(days, day, day);
            case "COMPARE_GREATERTHAN", "COMPARE_GREATERTHANOREQUALTO" -> narrow(days, day, null);
            case "COMPARE_LESSTHAN", "COMPARE_LESSTHANOREQUALTO" -> narrow(days, null, day);
            default -> {
                // <>, IS DISTINCT FROM, ...: no range
            }
        }
    }

    private static void narrow(LocalDate[] days, LocalDate from, LocalDate to) {
        if (from != null && (days[0] == null || from.isAfter(days[0]))) {
            days[0] = from;
        }
        if (to != null && (days[1] == null || to.isBefore(days[1]))) {
            days[1] = to;
        }
    }
}
