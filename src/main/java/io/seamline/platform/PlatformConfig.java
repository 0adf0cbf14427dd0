package io.seamline.platform;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * The settings every capability shares, {@code seamline.*} in application.properties: the event topic, where data
 * lives, the demo seed, how the event store is read, how many aggregates stay cached, which replica this is and how
 * long a stop may take.
 */
@ConfigMapping(prefix = "seamline")
public interface PlatformConfig {

    /** {@code seamline.data.dir} when unset; the launcher, which reads the key before the service starts, too. */
    String DEFAULT_DATA_DIR = "data";
    /** {@code seamline.shutdown.timeout} when unset; the launcher, which bounds the stop, too. */
    String DEFAULT_SHUTDOWN_TIMEOUT = "30s";

    /** The Kafka topic the relay publishes the log to and every read model consumes. */
    @WithDefault("seamline.events")
    String topic();

    /** Demo data on first start with an empty store: {@code demo} or {@code none}. */
    @WithDefault("none")
    String seed();

    Data data();

    Eventstore eventstore();

    Axon axon();

    Replica replica();

    Shutdown shutdown();

    /** {@code seamline.data.*}. */
    interface Data {

        /** Where the embedded servers and the file-based read models live unless their own settings say otherwise. */
        @WithDefault(DEFAULT_DATA_DIR)
        String dir();
    }

    /** {@code seamline.eventstore.*}. */
    interface Eventstore {

        /** Events per query when the relay reads the event store (Axon's default is 100). */
        @WithDefault("1024")
        int fetchSize();
    }

    /** {@code seamline.shutdown.*}. */
    interface Shutdown {

        /**
         * How long a stop may take from the signal to the end of the process: the consumers get half of it, the
         * launcher ends the process past all of it.
         */
        @WithDefault(DEFAULT_SHUTDOWN_TIMEOUT)
        Duration timeout();
    }

    /** {@code seamline.axon.*}. */
    interface Axon {

        /** Aggregates of each type kept in memory between commands; 0: every command reads its aggregate's events. */
        @WithDefault("10000")
        int aggregateCacheSize();

        /**
         * How long a tracking processor's claim on its token (the relay's) holds without being renewed: after a
         * replica dies, another takes the relay over within this (plus its claim interval).
         */
        @WithDefault("10s")
        Duration tokenClaimTimeout();
    }

    /** {@code seamline.replica.*}: this instance among several on one PostgreSQL and one Kafka. */
    interface Replica {

        /**
         * This replica's name, unique among the replicas: its consumer groups of the models kept in its own directory
         * are named after it, and it owns the relay's token under it. Absent: a single instance (groups as named).
         */
        Optional<String> id();
    }
}
