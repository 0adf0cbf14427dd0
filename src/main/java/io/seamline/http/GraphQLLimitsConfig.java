package io.seamline.http;

import io.quarkus.arc.Unremovable;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What one GraphQL operation may ask for beyond SmallRye's own limits, {@code seamline.graphql.*}. */
// Quarkus registers a mapping only where something injects it, unless it is unremovable: GraphQLLimitsInstaller is
// made by ServiceLoader, not CDI, and looks it up from SmallRyeConfig
@Unremovable
@ConfigMapping(prefix = "seamline.graphql")
public interface GraphQLLimitsConfig {

    /** Aliases in one operation: each asks a field once more. */
    @WithDefault("50")
    int maxAliases();

    /** Values the answer may hold: a field counts 1 plus its selection, a list that times its size. */
    @WithDefault("20000")
    int maxValues();

    /** The size counted for a list field without a {@code limit} argument. */
    @WithDefault("100")
    int listSize();

    /** These settings as the instrumentation that enforces them. */
    default GraphQLLimits limits() {
        return new GraphQLLimits(maxAliases(), maxValues(), listSize());
    }
}
