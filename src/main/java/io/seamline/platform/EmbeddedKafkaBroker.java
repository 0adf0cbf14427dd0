package io.seamline.platform;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** A single-node Kafka broker in KRaft mode (broker and controller in one), run inside this JVM. */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private final Path logDir;
    private final int port;
    private final int controllerPort;
    private KafkaRaftServer server;

    public EmbeddedKafkaBroker(Path logDir, int port, int controllerPort) {
        this.logDir = logDir;
        this.port = port;
        this.controllerPort = controllerPort;
    }

    public EmbeddedKafkaBroker start() {
        try {
            Properties props = brokerProperties();
            formatIfNew(props);
            server = new KafkaRaftServer(new KafkaConfig(props, false), Time.SYSTEM);
            server.startup();
            return this;
        } catch (StartupFailure e) {
            throw e;
        } catch (Exception e) {
            server = null;
            throw new StartupFailure("embedded Kafka could not start on port " + port
                    + " with its log in " + logDir + ": " + EmbeddedPostgresServer.rootMessage(e));
        }
    }

    private Properties brokerProperties() {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.resolve("logs").toString());
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("min.insync.replicas", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Kafka's own defaults for flushing: an acked record survives a crash of this process (it is in the
        // page cache), not of the machine. Forcing an fsync per append cut throughput about a hundredfold,
        // and the event store, not Kafka, is the record of truth: a lost tail shows up as sequence gaps and
        // is replayed from the store. On a cluster, replication gives Kafka's own durability.
        return p;
    }

    private void formatIfNew(Properties props) throws IOException {
        Path logs = logDir.resolve("logs");
        Path clusterIdFile = logDir.resolve("cluster.id");
        if (Files.exists(logs.resolve("meta.properties"))) {
            return;
        }
        if (Files.isDirectory(logs) && Files.list(logs).findAny().isPresent()) {
            throw new StartupFailure("the Kafka log directory " + logs
                    + " is corrupt (meta.properties is missing): move it away or run `make clean`");
        }
        Files.createDirectories(logs);
        String clusterId = Files.exists(clusterIdFile)
                ? Files.readString(clusterIdFile).trim() : Uuid.randomUuid().toString();
        Files.writeString(clusterIdFile, clusterId);
        Path config = logDir.resolve("server.properties");
        try (Writer w = Files.newBufferedWriter(config)) {
            props.store(w, "embedded Seamline broker");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = kafka.tools.StorageTool.execute(
                new String[]{"format", "-t", clusterId, "-c", config.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new StartupFailure("could not format the Kafka log directory " + logs + ": " + out);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logDir() {
        return logDir;
    }

    public boolean running() {
        return server != null;
    }

    @Override
    public void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }
}
