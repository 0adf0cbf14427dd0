package io.seamline.bench;

import io.seamline.platform.EmbeddedInfra;
import io.seamline.platform.PortCheck;
import io.seamline.support.Directories;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded PostgreSQL and Kafka a benchmark starts in its own JVM on free ports, under a data directory emptied
 * first, so the service it launches as a child process runs against servers the harness can read directly.
 */
final class BenchServers {

    private final Path dataDir;
    private final EmbeddedInfra infra;
    private final BenchDatabase db;
    private final BenchKafka kafka;

    private BenchServers(Path dataDir, EmbeddedInfra infra) {
        this.dataDir = dataDir;
        this.infra = infra;
        this.db = new BenchDatabase(infra.config().get("quarkus.datasource.jdbc.url"));
        this.kafka = new BenchKafka(infra.config().get("kafka.bootstrap.servers"));
    }

    static BenchServers start(Path dataDir) throws IOException {
        Directories.deleteRecursively(dataDir);
        Files.createDirectories(dataDir);
        return new BenchServers(dataDir, EmbeddedInfra.start(dataDir, PortCheck.freePort(), PortCheck.freePort(),
                PortCheck.freePort()));
    }

    Path dataDir() {
        return dataDir;
    }

    BenchDatabase db() {
        return db;
    }

    BenchKafka kafka() {
        return kafka;
    }

    /** The CPU meter that tells this PostgreSQL's processes apart. */
    CpuMeter cpuMeter() {
        return new CpuMeter(infra.postgres().dataDir());
    }

    /** Stops the service {@code services} runs, if any, then both servers; deletes the data unless {@code keepData}. */
    void stop(ServiceLauncher services, boolean keepData) {
        if (services != null) {
            services.stop();
        }
        infra.close();
        if (!keepData) {
            Directories.deleteRecursively(dataDir);
        }
    }
}
