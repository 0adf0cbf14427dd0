package io.seamline.seam.monitor;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seamline.http.ApiFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A read model switched off by configuration (the vector index, as the native executable runs) is fed nothing, so it
 * has no freshness: it is not listed as a lagging consumer, and readiness does not wait for it.
 */
@QuarkusTest
@TestProfile(SwitchedOffModelIT.VectorsOff.class)
class SwitchedOffModelIT {

    /** The vector index switched off. */
    public static final class VectorsOff implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("seamline.vectors.enabled", "false");
        }
    }

    @Test
    void aSwitchedOffModel_isNotMeasured_andTheServiceIsReadyWithoutIt() {
        ApiFixtures.createProduct("7.00");
        ApiFixtures.awaitCaughtUp(null);

        List<String> consumers = ApiFixtures.api().get("/api/freshness").then().statusCode(200).extract().jsonPath()
                .getList("consumer");
        assertThat(consumers).contains("rowstore", "search", "relay").doesNotContain("vectors");
        await().atMost(ApiFixtures.EVENTUALLY).untilAsserted(() -> {
            Map<String, Object> ready = ApiFixtures.anonymous().get("/q/health/ready").then().extract().jsonPath()
                    .getMap("$");
            assertThat(ready.get("status")).as("readiness: %s", ready).isEqualTo("UP");
        });
    }
}
