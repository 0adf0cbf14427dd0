package io.seamline.http;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.GraphQLError;
import graphql.introspection.IntrospectionQuery;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The alias and value limits on graphql-java itself, with a schema shaped like Seamline's. */
class GraphQLLimitsTest {

    private static final String EVENT_FIELDS = "eventId type version aggregateType aggregateId sequence globalIndex "
            + "timestamp correlationId payload";

    private final GraphQL graphql = GraphQL.newGraphQL(new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse("""
                    type Query {
                      events(after: Int, limit: Int = 100): [Event]
                      product(id: String): Product
                      productHistory(id: String): [Event]
                    }
                    type Event { %s }
                    type Product { id: String title: String attributes: [Entry] }
                    type Entry { key: String value: String }
                    """.formatted(EVENT_FIELDS.replace(" ", ": String ") + ": String")), RuntimeWiring.MOCKED_WIRING))
            .instrumentation(new GraphQLLimits(50, 20_000, 100)).build();

    private ExecutionResult run(String query, Map<String, Object> variables) {
        return graphql.execute(ExecutionInput.newExecutionInput(query).variables(variables).build());
    }

    private static void assertRefused(ExecutionResult result, String rule) {
        assertThat(result.getErrors()).hasSize(1);
        GraphQLError error = result.getErrors().get(0);
        assertEquals(rule, error.getExtensions().get("rule"), error.getMessage());
        assertNull(result.getData(), "no data for a refused operation");
        assertThat(result.isDataPresent()).isFalse();
    }

    @Test
    void onePageOf1000EventsWithEveryField_isAllowed() {
        assertThat(run("{ events(limit: 1000) { " + EVENT_FIELDS + " } }", Map.of()).getErrors()).isEmpty();
    }

    @Test
    void twoSuchPages_areTooComplex() {
        assertRefused(run("{ a: events(limit: 1000) { " + EVENT_FIELDS + " } b: events(limit: 1000) { " + EVENT_FIELDS
                + " } }", Map.of()), "query-too-complex");
    }

    @Test
    void aLimitInAVariable_countsAsWell() {
        String query = "query($n: Int) { a: events(limit: $n) { " + EVENT_FIELDS + " } b: events(limit: $n) { "
                + EVENT_FIELDS + " } }";
        assertThat(run(query, Map.of("n", 100)).getErrors()).isEmpty();
        assertRefused(run(query, Map.of("n", 1000)), "query-too-complex");
    }

    @Test
    void listsWithoutALimit_countAtTheListSize() {
        // 100 histories x (1 + 10 fields) = 1,100 values each: 18 fit, 19 do not
        String history = "productHistory(id: \"p\") { " + EVENT_FIELDS + " } ";
        assertThat(run("{ " + aliased(18, history) + " }", Map.of()).getErrors()).isEmpty();
        assertRefused(run("{ " + aliased(19, history) + " }", Map.of()), "query-too-complex");
    }

    @Test
    void fiftyOneAliases_areTooMany() {
        assertThat(run("{ " + aliased(50, "product(id: \"p\") { id } ") + " }", Map.of()).getErrors()).isEmpty();
        assertRefused(run("{ " + aliased(51, "product(id: \"p\") { id } ") + " }", Map.of()), "too-many-aliases");
    }

    @Test
    void introspection_isLeftToGraphqlJavasOwnCheck() {
        assertThat(run(IntrospectionQuery.INTROSPECTION_QUERY, Map.of()).getErrors()).isEmpty();
    }

    private static String aliased(int count, String field) {
        return IntStream.range(0, count).mapToObj(i -> "a" + i + ": " + field).collect(Collectors.joining());
    }
}
