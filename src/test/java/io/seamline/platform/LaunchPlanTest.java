package io.seamline.platform;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which servers the launcher embeds follows from configuration alone. */
class LaunchPlanTest {

    private static Function<String, Optional<String>> settings(Map<String, String> values) {
        return key -> Optional.ofNullable(values.get(key));
    }

    @Test
    void plan_noSettings_embedsBothOnDefaultPorts() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of()), false);
        assertEquals(15432, plan.postgresPort());
        assertEquals(19092, plan.kafkaPort());
        assertEquals(8080, plan.httpPort());
        assertThat(plan.serviceConfig()).isEmpty();
    }

    @Test
    void plan_noIssuerConfigured_embedsTheIssuerUnderTheDataDir() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of("seamline.data.dir", "/srv/seamline")), false);
        assertEquals(java.nio.file.Path.of("/srv/seamline/auth"), plan.issuerDir());
    }

    @Test
    void plan_issuerDirConfigured_sharesThatKeyWhateverTheDataDir() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of("seamline.data.dir", "/srv/replica-2",
                "seamline.auth.embedded.dir", "/srv/shared/auth")), false);
        assertEquals(java.nio.file.Path.of("/srv/shared/auth"), plan.issuerDir());
    }

    @Test
    void plan_externalIssuerConfigured_embedsNoIssuer() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of("mp.jwt.verify.publickey.location",
                "https://id.example/realms/shop/protocol/openid-connect/certs")), false);
        assertNull(plan.issuerDir());
        assertThat(plan.issuerConfig()).isEmpty();
    }

    @Test
    void plan_infraOnly_embedsNoIssuer() {
        assertNull(LaunchPlan.from(settings(Map.of()), true).issuerDir());
    }

    @Test
    void plan_externalServersConfigured_embedsNothing() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of(
                "seamline.datasource.url", "jdbc:postgresql://db.example:5432/seamline",
                "seamline.datasource.username", "app",
                "kafka.bootstrap.servers", "broker.example:9092")), false);
        assertNull(plan.postgresPort());
        assertNull(plan.kafkaPort());
        assertEquals("postgresql://db.example:5432/seamline", plan.serviceConfig().get("quarkus.datasource.reactive.url"));
        assertEquals("app", plan.serviceConfig().get("quarkus.datasource.username"));
    }

    @Test
    void plan_quarkusDatasourceUrlConfigured_embedsOnlyKafka() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of("quarkus.datasource.jdbc.url", "jdbc:postgresql://x/y")), false);
        assertNull(plan.postgresPort());
        assertEquals(19092, plan.kafkaPort());
    }

    @Test
    void plan_infraOnly_embedsBothEvenWhenExternalIsConfigured() {
        LaunchPlan plan = LaunchPlan.from(settings(Map.of("kafka.bootstrap.servers", "b:9092")), true);
        assertEquals(19092, plan.kafkaPort());
        assertNull(plan.httpPort());
    }

    @Test
    void plan_badPort_failsNamingTheSetting() {
        assertThatThrownBy(() -> LaunchPlan.from(settings(Map.of("seamline.embedded.kafka.port", "99999")), false))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("seamline.embedded.kafka.port");
    }

    @Test
    void plan_notAPostgresUrl_failsNamingTheSetting() {
        assertThatThrownBy(() -> LaunchPlan.from(settings(Map.of("seamline.datasource.url", "mysql://x")), false))
                .isInstanceOf(StartupFailure.class).hasMessageContaining("seamline.datasource.url");
    }
}
