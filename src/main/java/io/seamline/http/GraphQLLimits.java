package io.seamline.http;

import graphql.ExecutionResult;
import graphql.analysis.FieldComplexityEnvironment;
import graphql.analysis.QueryComplexityCalculator;
import graphql.analysis.QueryTraverser;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLTypeUtil;

/**
 * What one GraphQL operation may ask for, checked before anything runs. Depth and the number of fields are
 * SmallRye's own limits (application.properties); these are the two it has not:
 * <ul>
 * <li>aliases: each asks the same field once more, which is how one request asked for ~1.3 M events;</li>
 * <li>values: the most values the answer can hold. A field counts 1 plus what its selection asks for; a list
 * counts that times its length, which is its {@code limit} argument, or {@code listSize} for a list without
 * one. Introspection is left to graphql-java's own good-faith check, which bounds it.</li>
 * </ul>
 * A refused operation gets a GraphQL error naming the rule in its extensions, and no data.
 */
final class GraphQLLimits extends SimplePerformantInstrumentation {

    private final int maxAliases;
    private final int maxValues;
    private final int listSize;

    public GraphQLLimits(int maxAliases, int maxValues, int listSize) {
        this.maxAliases = maxAliases;
        this.maxValues = maxValues;
        this.listSize = listSize;
    }

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        String operation = execution.getExecutionInput().getOperationName();
        int aliases = QueryTraverser.newQueryTraverser().schema(execution.getGraphQLSchema())
                .document(execution.getDocument()).operationName(operation)
                .coercedVariables(execution.getCoercedVariables()).build()
                .reducePreOrder((field, count) -> field.getField().getAlias() != null ? count + 1 : count, 0);
        if (aliases > maxAliases) {
            throw new GraphQLRefusal("too-many-aliases",
                    "the operation uses " + aliases + " aliases; at most " + maxAliases + " are allowed");
        }
        int values = QueryComplexityCalculator.newCalculator().schema(execution.getGraphQLSchema())
                .document(execution.getDocument()).operationName(operation)
                .variables(execution.getCoercedVariables()).fieldComplexityCalculator(this::values).build()
                .calculate();
        if (values > maxValues) {
            throw new GraphQLRefusal("query-too-complex", "the answer could hold more than " + maxValues
                    + " values: ask for smaller pages (limit), fewer lists or fewer fields");
        }
        return super.beginExecuteOperation(parameters, state);
    }

    /** The values a field adds to the answer, capped just over the limit so that sums cannot overflow. */
    private int values(FieldComplexityEnvironment field, int selection) {
        if (field.getField().getName().startsWith("__")) {
            return 0;
        }
        long values = 1L + selection;
        if (GraphQLTypeUtil.isList(GraphQLTypeUtil.unwrapNonNull(field.getFieldDefinition().getType()))) {
            values *= field.getArguments().get("limit") instanceof Number limit ? Math.max(0, limit.longValue()) : listSize;
        }
        return (int) Math.min(values, maxValues * 2L);
    }
}
