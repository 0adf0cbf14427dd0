package io.seamline.seam.consume;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithDefaults;
import org.apache.kafka.clients.consumer.ConsumerConfig;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** How every consumer of the log fetches and retries what fails to apply, {@code seamline.consumers.*}. */
@ConfigMapping(prefix = "seamline.consumers")
public interface ConsumersConfig {

    /** Tries of a batch (then of each of its records alone) before a record that keeps failing is poison. */
    @WithDefault("5")
    int maxAttempts();

    /** The wait after the first failure; it doubles after each further one. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** The longest wait between two tries. */
    @WithDefault("30s")
    Duration maxBackoff();

    /**
     * How long the broker waits for a consumer's heartbeat before it gives the consumer's partitions to another member
     * of its group (heartbeats go every third of it, at most every 3 s): among replicas, how long the row store's
     * partitions of a replica that died wait for a survivor. Kafka's default; the broker refuses less than its
     * {@code group.min.session.timeout.ms} (6 s by default).
     */
    @WithDefault("45s")
    Duration sessionTimeout();

    /**
     * How each consumer group fetches from the broker, {@code seamline.consumers.fetch.<group>.*} (groups rowstore,
     * warehouse, search, vectors); a group not named takes the defaults.
     */
    @WithDefaults
    Map<String, Fetch> fetch();

    /**
     * A consumer's fetches: the broker holds a fetch until it has {@code minBytes} for it or {@code maxWait} has
     * passed, so a consumer of a busy log takes records in batches instead of one per request (each request costs
     * the broker and the consumer CPU whatever it carries); {@code maxWait} bounds what that adds to freshness.
     */
    interface Fetch {

        @WithDefault("1")
        int minBytes();

        @WithDefault("500ms")
        Duration maxWait();

        /** Records a poll hands over at most; absent, the consumer's own (500, a warehouse landing's max-batch). */
        Optional<Integer> maxPollRecords();

        /** These settings as Kafka consumer properties. */
        default Map<String, Object> consumerSettings() {
            Map<String, Object> settings = new HashMap<>(Map.of(ConsumerConfig.FETCH_MIN_BYTES_CONFIG, minBytes(),
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) maxWait().toMillis()));
            maxPollRecords().ifPresent(records -> settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, records));
            return settings;
        }
    }

    /** These settings as the retry policy. */
    default ApplyRetries retries() {
        return new ApplyRetries(maxAttempts(), retryBackoff(), maxBackoff());
    }
}
