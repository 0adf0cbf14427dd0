package io.seamline.relay;

import io.seamline.platform.AxonModule;
import io.seamline.platform.JdbcTransactionManager;
import io.seamline.platform.KafkaClients;
import io.seamline.platform.PlatformConfig;
import io.seamline.seam.trace.PropagationTrace;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.axonframework.config.Configurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Registers the relay: one tracking processor named {@value #PROCESSOR} over the event store, single
 * threaded so the topic receives the log in global order, with a durable idempotent producer. Among replicas it runs
 * on one at a time: the one holding its token's claim in the shared token store.
 */
@ApplicationScoped
class RelayModule implements AxonModule {

    public static final String PROCESSOR = "relay";

    private final RelayCrashPoint crashPoint;
    private final RelayMetrics metrics;
    private final PropagationTrace trace;
    private final KafkaClients kafka;
    private final String topic;
    private final TopicConfig topicConfig;
    private final RelayConfig config;
    private KafkaProducer<String, byte[]> producer;

    RelayModule(RelayCrashPoint crashPoint, RelayMetrics metrics, PropagationTrace trace, KafkaClients kafka,
                PlatformConfig platform, TopicConfig topicConfig, RelayConfig config) {
        this.topic = platform.topic();
        this.topicConfig = topicConfig;
        this.config = config;
        this.crashPoint = crashPoint;
        this.metrics = metrics;
        this.trace = trace;
        this.kafka = kafka;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void configure(Configurer configurer, JdbcTransactionManager transactions) {
        producer = kafka.producer(producerSettings(), new StringSerializer(), new ByteArraySerializer());
        configurer.eventProcessing(processing -> processing
                .registerTrackingEventProcessor(PROCESSOR,
                        c -> (StreamableMessageSource<TrackedEventMessage<?>>) (StreamableMessageSource<?>) c.eventStore(),
                        c -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(config.batchSize())
                                .andTokenClaimInterval(config.tokenClaimInterval().toMillis(), TimeUnit.MILLISECONDS)
                                .andInitialTrackingToken(StreamableMessageSource::createTailToken))
                .registerTokenStore(PROCESSOR, c -> c.getComponent(TokenStore.class))
                .registerListenerInvocationErrorHandler(PROCESSOR, c -> PropagatingErrorHandler.instance())
                .registerEventHandler(c -> new KafkaRelay(producer, topic, crashPoint, metrics, trace,
                        transactions, c.eventSerializer()))
                .assignHandlerInstancesMatching(PROCESSOR, handler -> handler instanceof KafkaRelay));
    }

    private static Map<String, Object> producerSettings() {
        return Map.of(ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.CLIENT_ID_CONFIG, "seamline-relay");
    }

    /** The topic must exist before the relay sends (brokers here do not auto-create topics). */
    void provisionTopics(@Observes @Priority(5) StartupEvent event) {
        TopicProvisioner.ensure(kafka, topic, topicConfig.partitions(), topicConfig.replication());
    }

    /** Runs after Axon has stopped the processor, so its last batch was acked before the producer closes. */
    void closeProducer(@Observes @Priority(20) ShutdownEvent event) {
        if (producer != null) {
            producer.close(Duration.ofSeconds(10));
        }
    }

    public String topic() {
        return topic;
    }
}
