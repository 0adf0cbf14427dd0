package io.seamline.projection.search;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.seam.trace.EventTrace;
import io.seamline.seam.trace.PropagationTrace;
import jakarta.inject.Inject;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The keyword index refreshes on a cadence (seamline.search.keyword.refresh-interval), so applying a batch does not
 * make it searchable: the pipeline reports it as reaching search only once a refresh did.
 */
@QuarkusTest
class KeywordVisibilityIT {

    @Inject
    CommandGateway gateway;
    @Inject
    KeywordSearch search;
    @Inject
    EventTrace events;
    @Inject
    PropagationTrace trace;

    @Test
    void anEventReportedAsReachingSearch_isSearchableAtThatMoment() {
        String word = KeywordProducts.uniqueWord();
        String id = new KeywordProducts(gateway).create("Kettle " + word, "Stainless steel", "Home & Kitchen > Kettles");
        String eventId = events.of(id, 0).orElseThrow().event().eventId();

        // watch for the report as closely as possible: a report made when the batch was applied, before the refresh
        // (up to the interval earlier), would be caught here with the product not yet searchable
        await().atMost(KeywordSearchIT.EVENTUALLY).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1))
                .until(() -> trace.of(eventId).flatMap(hops -> hops.reached(KeywordReadModel.GROUP)).isPresent());
        assertEquals(List.of(id), search.search(word, 10).hits().stream().map(KeywordHit::productId).toList());
    }
}
