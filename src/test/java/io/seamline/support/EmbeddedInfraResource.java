package io.seamline.support;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.seamline.platform.EmbeddedInfra;
import io.seamline.platform.PortCheck;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The same embedded PostgreSQL and Kafka as `make run`, in a temporary directory on free ports, shared by
 * every test that runs against the app, which verifies tokens against the {@link TestIssuer}. Tests may restart
 * either server through {@link #infra()}.
 */
public class EmbeddedInfraResource implements QuarkusTestResourceLifecycleManager {

    private static EmbeddedInfra infra;
    private static Path dataDir;

    public static EmbeddedInfra infra() {
        return infra;
    }

    @Override
    public Map<String, String> start() {
        try {
            dataDir = Files.createTempDirectory("seamline-test-");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        infra = EmbeddedInfra.start(dataDir, PortCheck.freePort(), PortCheck.freePort(), PortCheck.freePort());
        Map<String, String> config = new java.util.LinkedHashMap<>(infra.config());
        config.put("seamline.data.dir", dataDir.toString()); // the warehouse's files go with the servers' data
        config.putAll(TestIssuer.config()); // tokens verified as in production: against an issuer's JWKS
        return config;
    }

    @Override
    public void stop() {
        if (infra != null) {
            infra.close();
            infra = null;
        }
        Directories.deleteRecursively(dataDir);
    }
}
