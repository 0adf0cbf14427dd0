package io.seamline.bench;

import io.seamline.platform.PortCheck;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Launches the packaged service against the harness's servers and keeps the one running, so it can be stopped. */
final class ServiceLauncher {

    private final Path javaHome;
    private final Path appJar;
    private final Path logDir;
    private final BenchDatabase db;
    private final String bootstrap;
    private final Path dataDir;
    private final int relayBatch;
    private final String seed;
    private volatile ServiceProcess current;

    ServiceLauncher(Path javaHome, Path appJar, Path logDir, BenchDatabase db, String bootstrap, Path dataDir,
                    int relayBatch) {
        this(javaHome, appJar, logDir, db, bootstrap, dataDir, relayBatch, "none");
    }

    /** {@code seed}: the service's {@code seamline.seed}, {@code none} or {@code demo} (the demo catalogue). */
    ServiceLauncher(Path javaHome, Path appJar, Path logDir, BenchDatabase db, String bootstrap, Path dataDir,
                    int relayBatch, String seed) {
        this.relayBatch = relayBatch;
        this.seed = seed;
        this.javaHome = javaHome;
        this.appJar = appJar;
        this.logDir = logDir;
        this.db = db;
        this.bootstrap = bootstrap;
        this.dataDir = dataDir;
    }

    /** Starts a service relaying to {@code topic}, logging to {@code target/bench-service-<n>.log}. */
    ServiceProcess launch(String topic, String n, List<String> jvmArgs) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("seamline.datasource.url", db.url());
        props.put("seamline.datasource.username", db.user());
        props.put("seamline.datasource.password", db.password());
        props.put("kafka.bootstrap.servers", bootstrap);
        props.put("seamline.seed", seed);
        props.put("seamline.topic", topic);
        // the raw relay baseline awaits acks per batch of the same size
        props.put("seamline.relay.batch-size", Integer.toString(relayBatch));
        props.put("seamline.data.dir", dataDir.resolve("service").toString());
        current = ServiceProcess.launch(javaHome, appJar, PortCheck.freePort(), props, jvmArgs,
                logDir.resolve("bench-service-" + n + ".log"));
        return current;
    }

    /** The running service, or null. */
    ServiceProcess current() {
        return current;
    }

    /** SIGTERM to the running service, if there is one. */
    synchronized void stop() {
        ServiceProcess s = current;
        if (s != null) {
            s.close();
            current = null;
        }
    }
}
