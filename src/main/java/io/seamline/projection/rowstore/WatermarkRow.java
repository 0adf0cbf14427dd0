package io.seamline.projection.rowstore;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** The row store's watermark (see {@code seam.Watermarks}), written in the transaction of its rows. */
@Entity
@Table(name = "projection_watermark")
public class WatermarkRow extends PanacheEntityBase {
    @Id
    public String consumer;
    @Column(name = "last_global_index")
    public long lastGlobalIndex;
    @Column(name = "last_event_time")
    public OffsetDateTime lastEventTime;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "applied_events")
    public long appliedEvents;
    @Column(name = "skipped_events")
    public long skippedEvents;
}
