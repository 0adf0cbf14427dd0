package io.seamline.seam.consume;

import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StoredPositionTest {

    @Test
    void aBatchMovesEachPartitionPastItsLastRecordAndTheWatermarkToTheNewestEvent() {
        StoredPosition before = new StoredPosition(Map.of(0, 10L, 1, 4L), 40, Instant.parse("2026-11-20T08:00:00Z"));

        StoredPosition after = before.after(List.of(consumed(1, 7, 44), consumed(2, 0, 43), consumed(1, 8, 42)));

        assertThat(after.nextOffsets()).isEqualTo(Map.of(0, 10L, 1, 9L, 2, 1L));
        assertThat(after.lastGlobalIndex()).isEqualTo(44);
        assertThat(after.lastEventTime()).isEqualTo(Instant.parse("2026-11-20T08:00:44Z"));
    }

    @Test
    void itReadsBackWhatItWrote() {
        StoredPosition position = new StoredPosition(Map.of(0, 10L, 5, 3L), 99, Instant.parse("2026-11-20T08:00:00Z"));

        assertThat(StoredPosition.fromStrings(position.toStrings())).isEqualTo(position);
        assertThat(StoredPosition.fromStrings(Map.of())).isEqualTo(StoredPosition.START);
    }

    private static ConsumedEvent consumed(int partition, long offset, long globalIndex) {
        EventEnvelope envelope = new EventEnvelope("e-" + globalIndex, "ProductDiscontinued", 1, "Product", "p-1", 0,
                globalIndex, Instant.parse("2026-11-20T08:00:00Z").plusSeconds(globalIndex), null, null);
        return new ConsumedEvent(envelope, null, partition, offset);
    }
}
