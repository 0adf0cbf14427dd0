package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import jakarta.persistence.EmbeddedId;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** The row store's progress on one partition (see {@code seam.Watermarks}), written with its rows. */
@Entity
@Table(name = "projection_partition_progress")
public class PartitionProgressRow extends PanacheEntityBase {
    @EmbeddedId
    public Key key;
    @Column(name = "next_offset")
    public long nextOffset;
    @Column(name = "last_global_index")
    public long lastGlobalIndex;
    @Column(name = "last_event_time")
    public OffsetDateTime lastEventTime;

    /** Consumer and partition. */
    @Embeddable
    public static class Key implements Serializable {
        public String consumer;
        @Column(name = "topic_partition")
        public int partition;

        public Key() {
        }

        public Key(String consumer, int partition) {
            this.consumer = consumer;
            this.partition = partition;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.partition == partition && Objects.equals(k.consumer, consumer);
        }

        @Override
        public int hashCode() {
            return Objects.hash(consumer, partition);
        }
    }
}
