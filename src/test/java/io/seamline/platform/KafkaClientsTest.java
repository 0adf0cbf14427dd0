package io.seamline.platform;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaConstructorCall;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Kafka security settings configured as {@code kafka.*} reach every client the service builds: every client is
 * built by {@link KafkaClients}, and each kind of client it builds is configured with them.
 */
class KafkaClientsTest {

    /** Quarkus' map of the {@code kafka.*} properties, as a SASL-over-TLS deployment would configure them. */
    private static final Map<String, Object> CONFIGURED = new LinkedHashMap<>(Map.of(
            "bootstrap.servers", "broker-1:9093,broker-2:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                    + "username=\"seamline\" password=\"secret\";",
            "ssl.truststore.location", "/etc/seamline/truststore.p12",
            "ssl.truststore.password", "changeit",
            "ssl.endpoint.identification.algorithm", "https",
            "group.id", "seamline", // Quarkus adds the application's name: not a connection setting
            "max.poll.records", "7"));

    @Test
    void theConnectionAndSecuritySettings_reachEveryClientsConfig_andNothingElseOfKafkaStar() {
        KafkaClients kafka = KafkaClients.of(CONFIGURED);

        Map<String, Object> config = kafka.config(Map.of("group.id", "rowstore", "enable.auto.commit", false));

        assertThat(config).containsEntry("bootstrap.servers", "broker-1:9093,broker-2:9093")
                .containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("sasl.jaas.config", CONFIGURED.get("sasl.jaas.config"))
                .containsEntry("ssl.truststore.location", "/etc/seamline/truststore.p12")
                .containsEntry("ssl.truststore.password", "changeit")
                .containsEntry("ssl.endpoint.identification.algorithm", "https")
                .containsEntry("group.id", "rowstore") // the client's own
                .doesNotContainKey("max.poll.records");
        assertThat(kafka.config(Map.of())).doesNotContainKey("group.id");
    }

    @Test
    void consumersProducersAndAdminClients_areBuiltWithTheSecuritySettings() {
        // a truststore that does not exist: a client that was given the TLS settings fails to build, naming it
        KafkaClients kafka = KafkaClients.of(Map.of("bootstrap.servers", "127.0.0.1:1", "security.protocol", "SSL",
                "ssl.truststore.location", "/no/such/truststore.p12", "ssl.truststore.password", "x"));

        assertThatThrownBy(() -> kafka.consumer(Map.of("group.id", "g"), new StringDeserializer(),
                new StringDeserializer()).close()).isInstanceOf(KafkaException.class)
                .satisfies(e -> assertThat(causes(e)).contains("/no/such/truststore.p12"));
        assertThatThrownBy(() -> kafka.producer(Map.of(), new StringSerializer(), new StringSerializer()).close())
                .isInstanceOf(KafkaException.class)
                .satisfies(e -> assertThat(causes(e)).contains("/no/such/truststore.p12"));
        assertThatThrownBy(() -> kafka.admin().close()).isInstanceOf(KafkaException.class)
                .satisfies(e -> assertThat(causes(e)).contains("/no/such/truststore.p12"));
    }

    @Test
    void withoutBrokers_noClientIsBuilt() {
        assertThatThrownBy(() -> KafkaClients.of(Map.of("security.protocol", "SSL")))
                .hasMessageContaining("kafka.bootstrap.servers");
    }

    @Test
    void noClassButKafkaClients_buildsAKafkaClient() {
        // tests included: a test that built its own client would reach the broker otherwise than the service does
        JavaClasses classes = new ClassFileImporter().importPackages("io.seamline");
        noClasses().that().doNotHaveFullyQualifiedName(KafkaClients.class.getName())
                .should().callConstructorWhere(DescribedPredicate.describe("a Kafka consumer or producer",
                        (JavaConstructorCall c) -> c.getTarget().getOwner().isAssignableTo(KafkaConsumer.class)
                                || c.getTarget().getOwner().isAssignableTo(KafkaProducer.class)))
                .orShould().callMethodWhere(DescribedPredicate.describe("Admin.create",
                        (JavaMethodCall c) -> c.getTarget().getName().equals("create")
                                && (c.getTarget().getOwner().isEquivalentTo(Admin.class)
                                || c.getTarget().getOwner().isEquivalentTo(AdminClient.class))))
                .because("a client built elsewhere would miss the configured TLS and SASL settings")
                .check(classes);
    }

    private static String causes(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" | ");
        }
        return all.toString();
    }
}
