package io.seamline.http;

import graphql.GraphQL;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.parser.ParserOptions;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.graphql.spi.EventingService;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;

/**
 * Adds {@link GraphQLLimits} and {@link GraphQLWholeNumbers} to the GraphQL engine SmallRye builds, through SmallRye's eventing SPI (listed in
 * META-INF/services; ServiceLoader creates it, so it reads its settings itself). SmallRye has already set its
 * own instrumentation (depth, field count, the query cache); the builder cannot be asked for it, so a throw-away
 * build hands it over and the limits are chained after it.
 * <p>
 * It also applies {@code quarkus.smallrye-graphql.parser-max-tokens} to operations: SmallRye sets it on the
 * parser defaults that graphql-java 24 uses for schemas only, so queries were parsed up to 15,000 tokens.
 */
public class GraphQLLimitsInstaller implements EventingService {

    @Override
    public String getConfigKey() {
        return null; // always on
    }

    @Override
    public GraphQL.Builder beforeGraphQLBuild(GraphQL.Builder builder) {
        Config config = ConfigProvider.getConfig();
        config.getOptionalValue("quarkus.smallrye-graphql.parser-max-tokens", Integer.class).ifPresent(max ->
                ParserOptions.setDefaultOperationParserOptions(
                        ParserOptions.getDefaultOperationParserOptions().transform(options -> options.maxTokens(max))));
        GraphQLLimits limits = config.unwrap(SmallRyeConfig.class).getConfigMapping(GraphQLLimitsConfig.class).limits();
        return builder.instrumentation(new ChainedInstrumentation(List.of(builder.build().getInstrumentation(), limits,
                new GraphQLWholeNumbers())));
    }
}
