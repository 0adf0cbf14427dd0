package io.seamline.http;

import graphql.ExecutionResult;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.ExecutionContext;
import graphql.execution.instrumentation.InstrumentationContext;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecuteOperationParameters;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLInputObjectField;
import graphql.schema.GraphQLInputObjectType;
import graphql.schema.GraphQLInputType;
import graphql.schema.GraphQLList;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;

/**
 * Whole-number arguments hold whole numbers in their Java type's range, however they arrive. SmallRye checks a
 * literal {@code Int}, but passes a variable's {@code 2.9} through, and Java's conversion then truncates it to
 * 2; a {@code Long} (SmallRye's {@code BigInteger} scalar) is checked in neither form, so 99999999999999999999
 * wrapped around to 7766279631452241919. Every argument of the operation, variables and input objects included,
 * is checked before anything runs.
 */
final class GraphQLWholeNumbers extends SimplePerformantInstrumentation {

    /** SmallRye's whole-number scalars and the range of the Java types behind them (Seamline maps only Long). */
    private static final Map<String, long[]> RANGES = Map.of("Int", new long[]{Integer.MIN_VALUE, Integer.MAX_VALUE},
            "BigInteger", new long[]{Long.MIN_VALUE, Long.MAX_VALUE});

    @Override
    public InstrumentationContext<ExecutionResult> beginExecuteOperation(InstrumentationExecuteOperationParameters parameters,
                                                                         InstrumentationState state) {
        ExecutionContext execution = parameters.getExecutionContext();
        QueryTraverser.newQueryTraverser().schema(execution.getGraphQLSchema()).document(execution.getDocument())
                .operationName(execution.getExecutionInput().getOperationName())
                .coercedVariables(execution.getCoercedVariables()).build()
                .visitPreOrder(new QueryVisitorStub() {
                    @Override
                    public void visitField(QueryVisitorFieldEnvironment field) {
                        for (GraphQLArgument argument : field.getFieldDefinition().getArguments()) {
                            check(argument.getName(), argument.getType(), field.getArguments().get(argument.getName()));
                        }
                    }
                });
        return super.beginExecuteOperation(parameters, state);
    }

    private static void check(String path, GraphQLInputType type, Object value) {
        if (value == null) {
            return;
        }
        GraphQLType bare = GraphQLTypeUtil.unwrapNonNull(type);
        if (bare instanceof GraphQLList list && value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                check(path + "[" + i++ + "]", (GraphQLInputType) list.getWrappedType(), item);
            }
        } else if (bare instanceof GraphQLInputObjectType object && value instanceof Map<?, ?> fields) {
            for (GraphQLInputObjectField field : object.getFieldDefinitions()) {
                check(path + "." + field.getName(), field.getType(), fields.get(field.getName()));
            }
        } else if (bare instanceof GraphQLScalarType scalar && RANGES.containsKey(scalar.getName())) {
            long[] range = RANGES.get(scalar.getName());
            if (!whole(value, range[0], range[1])) {
                throw new GraphQLRefusal("not-a-whole-number", path + " must be a whole number from " + range[0]
                        + " to " + range[1] + ", got " + value);
            }
        }
    }

    private static boolean whole(Object value, long min, long max) {
        if (!(value instanceof Number number)) {
            return false;
        }
        try {
            BigDecimal exact = new BigDecimal(number.toString());
            return exact.compareTo(BigDecimal.valueOf(min)) >= 0 && exact.compareTo(BigDecimal.valueOf(max)) <= 0
                    && exact.stripTrailingZeros().scale() <= 0;
        } catch (NumberFormatException e) {
            return false; // NaN or infinity
        }
    }
}
