package io.seamline.seam.log;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.seam.event.EventEnvelope;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.logHead;
import static org.assertj.core.api.Assertions.assertThat;

/** The bound on a filtered page's work: it looks at no more events than it is allowed, and says where it stopped. */
@QuarkusTest
class EventLogFilterIT {

    @Inject
    EventLog log;

    @Test
    void filteredPage_noMatchWithinTheBound_emptyAndExaminedToTheBound() {
        long start = logHead();
        for (int i = 0; i < 3; i++) {
            createProduct("2.00");
        }
        List<EventEnvelope> all = log.page(start, 3);
        assertThat(all).hasSize(3);

        EventLog.FilteredPage none = log.page(start, 10, 2, type -> false);
        assertThat(none.events()).isEmpty();
        assertThat(none.examinedTo()).isEqualTo(all.get(1).globalIndex());

        EventLog.FilteredPage matches = log.page(start, 10, 2, type -> true);
        assertThat(matches.events()).extracting(EventEnvelope::globalIndex)
                .containsExactly(all.get(0).globalIndex(), all.get(1).globalIndex());
        assertThat(matches.examinedTo()).isEqualTo(all.get(1).globalIndex());
    }
}
