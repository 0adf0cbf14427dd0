package io.seamline.seam.monitor;

import io.seamline.http.ApiFixtures;
import io.seamline.seam.log.TopicEnds;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static org.awaitility.Awaitility.await;

/** Puts a record on every partition of the topic, so every consumer has applied an event on each (a watermark). */
final class EveryPartition {

    private EveryPartition() {
    }

    /** Places orders for {@code product} until every partition holds a record (orders spread by their id). */
    static void holdsARecord(TopicEnds topicEnds, String product) {
        for (int i = 0; i < 200 && topicEnds.endOffsets().values().stream().anyMatch(end -> end == 0); i++) {
            ApiFixtures.placeOrder(product);
        }
        await().atMost(EVENTUALLY).until(() -> topicEnds.endOffsets().values().stream().allMatch(end -> end > 0));
    }
}
