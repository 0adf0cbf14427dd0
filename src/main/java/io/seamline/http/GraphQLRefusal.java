package io.seamline.http;

import graphql.execution.AbortExecutionException;

import java.util.Map;

/** An operation refused before it runs, as GraphQL reports it: an aborted execution naming the rule, no data. */
final class GraphQLRefusal extends AbortExecutionException {

    private final String rule;

    GraphQLRefusal(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    @Override
    public Map<String, Object> getExtensions() {
        return Map.of("rule", rule);
    }
}
