package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A sequence gap the row store saw: an event arrived before one of its predecessors was applied. */
@Entity
@Table(name = "projection_gap")
public class GapRow extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String consumer;
    @Column(name = "aggregate_id")
    public String aggregateId;
    @Column(name = "expected_sequence")
    public long expectedSequence;
    @Column(name = "got_sequence")
    public long gotSequence;
    @Column(name = "global_index")
    public long globalIndex;
    @Column(name = "seen_at")
    public OffsetDateTime seenAt;
}
