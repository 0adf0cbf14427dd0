package io.seamline.platform;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.file.Path;

/** One short banner once the service is up: where to talk to it and where its data lives. */
@ApplicationScoped
class StartupBanner {

    @ConfigProperty(name = "quarkus.http.port")
    int port;
    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;
    @Inject
    PlatformConfig config;

    void print(@Observes @Priority(1000) StartupEvent event) {
        String base = "http://localhost:" + port;
        String data = Path.of(config.data().dir()).toAbsolutePath().toString();
        System.out.printf("""

                Seamline is up.
                  API       %1$s/api/products   (events: %1$s/api/events, freshness: %1$s/api/freshness)
                  GraphQL   %1$s/graphql        (UI: %1$s/q/graphql-ui)
                  Health    %1$s/q/health/ready
                  Metrics   %1$s/q/metrics
                  Postgres  %2$s%3$s
                  Kafka     %4$s%5$s
                  Seed      %6$s
                Ctrl-C stops consumers, then the service, then the embedded servers.

                """, base, jdbcUrl, embedded(SeamlineMain.EMBEDDED_POSTGRES, data + "/postgres"),
                kafka, embedded(SeamlineMain.EMBEDDED_KAFKA, data + "/kafka"),
                config.seed().equals("demo") ? "demo catalogue + orders on first start (SEED=none skips)"
                        : config.seed());
    }

    private static String embedded(String property, String dir) {
        return Boolean.getBoolean(property) ? "  (embedded, data in " + dir + ")" : "  (external)";
    }
}
