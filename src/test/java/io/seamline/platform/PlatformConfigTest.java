package io.seamline.platform;

import io.quarkus.runtime.configuration.DurationConverter;
import io.seamline.platform.settings.ConfigTable;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PlatformConfigTest {

    @Test
    void seamlineKeysNoMappingDeclares_doNotStopTheService() throws IOException {
        // what the launcher hands the service as system properties; no mapping declares them
        Map<String, String> launcher = Map.of("seamline.embedded.postgres", "true",
                "seamline.datasource.url", "jdbc:postgresql://db:5432/seamline");

        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Path.of(ConfigTable.PROPERTIES).toUri().toURL(), 250))
                .withSources(new PropertiesConfigSource(launcher, "launcher", 400))
                .withConverter(Duration.class, 100, new DurationConverter()) // "10s", as Quarkus reads it
                .withMapping(PlatformConfig.class)
                .build();

        PlatformConfig platform = config.getConfigMapping(PlatformConfig.class);
        assertEquals("seamline.events", platform.topic());
        assertEquals(PlatformConfig.DEFAULT_DATA_DIR, platform.data().dir());
        assertEquals(Optional.empty(), platform.replica().id(), "a single instance unless a replica id is set");
        assertEquals(Duration.ofSeconds(30), platform.shutdown().timeout());
    }
}
