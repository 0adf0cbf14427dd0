package io.seamline.projection.warehouse.sql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading DuckDB's JSON syntax trees: node kinds, names as DuckDB compares them (case-insensitive), literals. */
final class SqlTree {

    private SqlTree() {
    }

    /** A table reference's or query node's kind ({@code BASE_TABLE}, {@code SELECT_NODE}, ...), or "". */
    static String type(JsonNode node) {
        return node.path("type").asText("");
    }

    /** An expression's class ({@code COLUMN_REF}, {@code FUNCTION}, {@code STAR}, ...), or "". */
    static String kind(JsonNode node) {
        return node.path("class").asText("");
    }

    /** A name as DuckDB matches it: identifiers are case-insensitive, quoted or not. */
    static String name(JsonNode text) {
        return text.asText("").toLowerCase(Locale.ROOT);
    }

    /** The parts of a column reference ({@code o.status} is [o, status]), as {@link #name}s. */
    static List<String> columnParts(JsonNode columnRef) {
        List<String> parts = new ArrayList<>();
        columnRef.path("column_names").forEach(part -> parts.add(name(part)));
        return parts;
    }

    /** The alias a base table is known by in its query: its alias, or else its name. */
    static String alias(JsonNode baseTable) {
        String alias = name(baseTable.path("alias"));
        return alias.isEmpty() ? name(baseTable.path("table_name")) : alias;
    }

    /** The arguments of a function call, as expressions. */
    static List<JsonNode> arguments(JsonNode function) {
        List<JsonNode> arguments = new ArrayList<>();
        function.path("arguments").forEach(argument -> arguments.add(argument.path("expression")));
        return arguments;
    }

    /** The text of a literal ({@code 'x'}, {@code 5e7}, {@code 1_000}), or null if the expression is not one. */
    static String literal(JsonNode expression) {
        return "CONSTANT".equals(kind(expression)) ? expression.path("literal").path("text").asText(null) : null;
    }

    /** Whether an optional part (a sample, a WHERE) is not there: null in the tree, or left out. */
    static boolean absent(JsonNode part) {
        return part.isNull() || part.isMissingNode();
    }

    /** The literal's kind: STRING, INTEGER, NUMERIC, ... */
    static String literalKind(JsonNode expression) {
        return expression.path("literal").path("kind").asText("");
    }
}
