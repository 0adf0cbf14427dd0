package io.seamline.seam.consume;

import io.quarkus.runtime.configuration.DurationConverter;
import io.seamline.platform.settings.ConfigTable;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Each consumer group's fetch settings, as application.properties and an operator's overrides set them. */
class ConsumersConfigTest {

    @Test
    void eachGroupFetchesAsConfigured_andAGroupNotNamedAsKafkaDoes() throws IOException {
        Map<String, String> operator = Map.of("seamline.consumers.fetch.search.max-wait", "20ms",
                "seamline.consumers.fetch.warehouse.max-poll-records", "5000");

        ConsumersConfig config = config(operator);

        assertThat(config.fetch().get("search").consumerSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 16384, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20));
        assertThat(config.fetch().get("warehouse").consumerSettings())
                .containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        assertThat(config.fetch().get("someone-else").consumerSettings()).containsExactlyInAnyOrderEntriesOf(Map.of(
                ConsumerConfig.FETCH_MIN_BYTES_CONFIG, 1, ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500));
    }

    @Test
    void everyReadModelBatchesItsFetches_waitingAtMostAFifthOfTheFreshnessGoal() throws IOException {
        ConsumersConfig config = config(Map.of());
        for (String group : new String[] {"rowstore", "search", "vectors", "warehouse"}) {
            ConsumersConfig.Fetch fetch = config.fetch().get(group);
            assertThat(fetch.minBytes()).as("%s min-bytes", group).isGreaterThan(1);
            // the capacity goal is commit -> visible p99 under 500 ms
            assertThat(fetch.maxWait().toMillis()).as("%s max-wait", group).isPositive().isLessThanOrEqualTo(100);
        }
    }

    private static ConsumersConfig config(Map<String, String> overrides) throws IOException {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Path.of(ConfigTable.PROPERTIES).toUri().toURL(), 250))
                .withSources(new PropertiesConfigSource(overrides, "operator", 400))
                .withConverter(Duration.class, 100, new DurationConverter()) // "50ms", as Quarkus reads it
                .withMapping(ConsumersConfig.class)
                .build();
        return config.getConfigMapping(ConsumersConfig.class);
    }
}
