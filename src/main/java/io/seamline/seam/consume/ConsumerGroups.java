package io.seamline.seam.consume;

import io.seamline.platform.PlatformConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The Kafka consumer group each consumer of the log joins, when replicas share one Kafka and one PostgreSQL. A model
 * whose store the replicas share (the row store in PostgreSQL) has one group for all of them, so its partitions are
 * spread over the replicas; a model kept in a replica's own directory (the indexes, the warehouse) needs every
 * partition in every replica, so each replica has its own group, named {@code <consumer>.<seamline.replica.id>}.
 * Without a replica id every group is named as its consumer, as a single instance always was. Freshness, the trace and
 * the API keep naming consumers without the suffix.
 */
@ApplicationScoped
public class ConsumerGroups {

    private static final Pattern REPLICA_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final Optional<String> replica;

    @Inject
    ConsumerGroups(PlatformConfig platform) {
        this(platform.replica().id());
    }

    /** Groups for replica {@code replica} (empty: a single instance). */
    public ConsumerGroups(Optional<String> replica) {
        replica.filter(id -> !REPLICA_ID.matcher(id).matches()).ifPresent(id -> {
            throw new IllegalArgumentException("seamline.replica.id must be 1 to 63 letters, digits, '-' or '_' "
                    + "starting with a letter or digit, got '" + id + "'");
        });
        this.replica = replica;
    }

    /** The group of a consumer whose store every replica shares: one group, its partitions spread over them. */
    public String shared(String consumer) {
        return consumer;
    }

    /** The group of a consumer that keeps its data (and position) in this replica's own directory. */
    public String perReplica(String consumer) {
        return replica.map(id -> consumer + "." + id).orElse(consumer);
    }

    /** This replica's id; empty for a single instance. */
    public Optional<String> replica() {
        return replica;
    }
}
