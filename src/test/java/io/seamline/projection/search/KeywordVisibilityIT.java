package io.seamline.projection.search;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.seamline.seam.consume.ConsumerProgress;
import io.seamline.seam.trace.EventTrace;
import io.seamline.seam.trace.PropagationTrace;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyword index refreshes on a cadence, so applying a batch does not make it searchable: the pipeline (the
 * propagation trace, freshness's progress) reports it as reaching search only once a refresh did. With a refresh
 * interval long enough to tell the two moments apart.
 */
@QuarkusTest
@TestProfile(KeywordVisibilityIT.SlowRefresh.class)
class KeywordVisibilityIT {

    /** A refresh interval far longer than it takes a product to reach the consumer. */
    public static final class SlowRefresh implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("seamline.search.keyword.refresh-interval", "2s");
        }
    }

    @Inject
    CommandGateway gateway;
    @Inject
    KeywordSearch search;
    @Inject
    EventTrace events;
    @Inject
    PropagationTrace trace;
    @Inject
    ConsumerProgress progress;

    @Test
    void aProductAppliedWithinTheIntervalOfARefresh_isReportedAsReachingSearchOnlyOnceSearchable() {
        KeywordProducts products = new KeywordProducts(gateway);
        String first = KeywordProducts.uniqueWord();
        String firstId = products.create("Kettle " + first, "Stainless steel", "Home & Kitchen > Kettles");
        await().atMost(KeywordSearchIT.EVENTUALLY).until(() -> ids(first).equals(List.of(firstId)));

        // applied well within the interval of the refresh that showed the first: its own refresh comes up to 2 s later
        String second = KeywordProducts.uniqueWord();
        String secondId = products.create("Teapot " + second, "Cast iron", "Home & Kitchen > Teapots");
        EventTrace.Event created = events.of(secondId, 0).orElseThrow().event();
        // watch for the report as closely as possible: one made when the batch was applied, before the refresh, would
        // be seen here with the product not yet searchable
        await().atMost(KeywordSearchIT.EVENTUALLY).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> trace.of(created.eventId()).flatMap(h -> h.reached(KeywordReadModel.GROUP)).isPresent()
                        || appliedAccordingToFreshness(created.globalIndex()));
        assertEquals(List.of(secondId), ids(second));
        assertThat(search.position().lastGlobalIndex()).isGreaterThanOrEqualTo(created.globalIndex());
    }

    /** Whether the progress freshness reads says the search consumer has applied the event. */
    private boolean appliedAccordingToFreshness(long globalIndex) {
        return progress.of(KeywordReadModel.GROUP).values().stream()
                .anyMatch(mark -> mark.lastGlobalIndex() >= globalIndex);
    }

    private List<String> ids(String word) {
        return search.search(word, 10).hits().stream().map(KeywordHit::productId).toList();
    }
}
