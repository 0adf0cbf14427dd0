package io.seamline.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the native executable ({@code mvn -Pnative package}, README Deployment) leaves out and insists on: it embeds no
 * PostgreSQL or Kafka (an external one of each must be configured) and has no vector index (the ONNX runtime and the
 * tokenizer are JNI libraries it does not register), so it turns {@code seamline.vectors.enabled} off and says so.
 */
final class NativeExecutable {

    /**
     * True in the native executable. The native profile initialises this class while the image is built
     * ({@code --initialize-at-build-time}), when GraalVM has set {@code org.graalvm.nativeimage.imagecode}, so the
     * compiler folds the branches it guards and the embedded servers' code (and the Kafka broker's Scala) stays out
     * of the executable. On the JVM the property is unset.
     */
    static final boolean NATIVE = System.getProperty("org.graalvm.nativeimage.imagecode") != null;

    static final String VECTORS_ENABLED = "seamline.vectors.enabled";

    private NativeExecutable() {
    }

    /**
     * The settings the native service starts with beyond the given ones: the vector index off. Refuses to start
     * without external servers, and with the vector index asked for.
     */
    static Map<String, String> serviceSettings(Function<String, Optional<String>> settings) {
        boolean postgres = settings.apply("seamline.datasource.url").isPresent()
                || settings.apply("quarkus.datasource.jdbc.url").isPresent();
        boolean kafka = settings.apply("kafka.bootstrap.servers").isPresent();
        if (!postgres || !kafka) {
            throw new StartupFailure("the native executable embeds no PostgreSQL or Kafka: set "
                    + (postgres ? "" : "SEAMLINE_DATASOURCE_URL (with _USERNAME and _PASSWORD)")
                    + (postgres || kafka ? "" : " and ")
                    + (kafka ? "" : "KAFKA_BOOTSTRAP_SERVERS")
                    + " to external servers, or run the JVM service (make run, or the image of make image)");
        }
        if (settings.apply(VECTORS_ENABLED).map(Boolean::parseBoolean).orElse(false)) {
            throw new StartupFailure("the native executable has no vector index (the ONNX runtime and the tokenizer"
                    + " are JNI libraries it does not include): set " + VECTORS_ENABLED + "=false"
                    + " (SEAMLINE_VECTORS_ENABLED=false), or run the JVM service for vector and hybrid search");
        }
        Map<String, String> off = new LinkedHashMap<>();
        off.put(VECTORS_ENABLED, "false");
        return off;
    }

    /** The line the native service prints at start, naming what it left out and the setting that says so. */
    static String startupNotice() {
        return "seamline: native executable: external PostgreSQL and Kafka; vector index off (" + VECTORS_ENABLED
                + "=false: vector and hybrid search are not served; the JVM service has them)";
    }
}
