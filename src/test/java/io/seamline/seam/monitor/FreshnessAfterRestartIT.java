package io.seamline.seam.monitor;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.http.ApiFixtures;
import io.seamline.seam.consume.ConsumerProgress;
import io.seamline.seam.consume.Quarantine;
import io.seamline.seam.contract.SeamContracts;
import io.seamline.seam.log.EventLog;
import io.seamline.seam.log.TopicEnds;
import io.seamline.seam.log.TopicRecords;
import io.seamline.seam.model.ModelConsumers;
import io.seamline.seam.model.ReadModels;
import io.seamline.seam.model.StoredPositions;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.seamline.http.ApiFixtures.EVENTUALLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Freshness as a restarted service measures it before any of its consumers has joined its group and reported a
 * position (a fresh {@link ConsumerProgress}): each read model is where it stored its position (its index commit, its
 * manifest, its group's committed offsets), so consumers that were caught up show no lag from the first reading,
 * and one that has records to catch up lags by those records only.
 */
@QuarkusTest
class FreshnessAfterRestartIT {

    private static final String SEARCH = "search";

    @Inject
    EventLog log;
    @Inject
    TopicEnds topicEnds;
    @Inject
    SeamContracts contracts;
    @Inject
    Quarantine quarantine;
    @Inject
    StoredPositions stored;
    @Inject
    TopicRecords records;
    @Inject
    ModelConsumers consumers;
    @Inject
    ReadModels models;
    @Inject
    Assignments assignments;

    @Test
    void caughtUpConsumers_afterARestart_areFreshFromTheFirstReading() {
        ApiFixtures.placeOrder(ApiFixtures.createProduct("4.00"));
        ApiFixtures.awaitCaughtUp(null);

        // each try is the first reading of a newly started monitor; tried again only should an event land meanwhile
        await().atMost(EVENTUALLY).untilAsserted(() -> {
            long head = log.head();
            List<Freshness.ConsumerFreshness> first = restarted().current();
            assertThat(log.head()).as("no event landed while reading").isEqualTo(head);
            assertThat(first).isNotEmpty().allSatisfy(f -> {
                assertThat(f.lagEvents()).as("lag of %s", f.seam()).isZero();
                assertThat(f.status()).as("status of %s", f.seam()).isEqualTo(Freshness.Status.OK);
                assertThat(f.health()).as("health of %s", f.seam()).isNotEqualTo(Freshness.Health.DOWN);
                assertThat(f.watermark()).as("watermark of %s", f.seam()).isEqualTo(head);
            });
        });
    }

    @Test
    void aConsumerBehind_afterARestart_lagsByWhatItHasNotApplied_notTheWholeLog() throws Exception {
        String product = ApiFixtures.createProduct("5.00");
        EveryPartition.holdsARecord(topicEnds, product); // so it has applied an event on each before it stops
        ApiFixtures.awaitCaughtUp(SEARCH);
        AtomicLong applied = new AtomicLong();
        // down while the service takes two more orders; paused again should an event land as it stops
        await().atMost(EVENTUALLY).until(() -> pausedHavingApplied(SEARCH, applied));
        try {
            ApiFixtures.placeOrder(product);
            ApiFixtures.placeOrder(product);
            await().atMost(EVENTUALLY).until(() -> relayed() == log.head());

            Freshness.ConsumerFreshness search = restarted().current().stream()
                    .filter(f -> f.consumer().equals(SEARCH)).findFirst().orElseThrow();

            // a consumer sent back to the start would show the whole log; one whose stored position stopped short
            // of a record it refused earlier would show that record too
            assertThat(search.lagEvents()).as("the records published while it was down")
                    .isEqualTo(log.head() - applied.get());
            // the last event it applied on the partition that lags, not the start of the log
            assertThat(search.watermark()).as("watermark").isBetween(0L, applied.get());
        } finally {
            consumers.resume(SEARCH);
        }
        ApiFixtures.awaitCaughtUp(SEARCH);
    }

    @Test
    void aConsumerResumingFromItsOwnStore_isAssignedWhereItStoppedOnEveryPartition_notAtTheStart() throws Exception {
        EveryPartition.holdsARecord(topicEnds, ApiFixtures.createProduct("6.00"));
        ApiFixtures.awaitCaughtUp(SEARCH);
        int before = assignments.of(SEARCH).size();
        consumers.pause(SEARCH);
        try {
            java.util.Map<Integer, Long> ends = topicEnds.endOffsets();
            consumers.resume(SEARCH);
            await().atMost(EVENTUALLY).until(() -> assignments.of(SEARCH).size() > before);
            assertThat(assignments.of(SEARCH).getLast().nextOffsets()).as("where the keyword index resumes")
                    .isEqualTo(ends);
        } finally {
            consumers.resume(SEARCH);
        }
    }

    /**
     * Pauses {@code consumer} and tells whether it had applied the whole log by then (its head in {@code applied});
     * if an event landed between its catching up and the pause, it is let go on to catch up and false is answered.
     */
    private boolean pausedHavingApplied(String consumer, AtomicLong applied) throws Exception {
        consumers.pause(consumer);
        applied.set(log.head());
        long lag = ApiFixtures.api().get("/api/freshness").then().statusCode(200).extract().jsonPath()
                .<Number>getList("findAll { it.consumer == '" + consumer + "' }.lagEvents").stream()
                .mapToLong(Number::longValue).sum();
        if (lag == 0) {
            return true;
        }
        consumers.resume(consumer);
        return false;
    }

    /** The monitor of a service just started: no consumer has reported where it is yet. */
    private Freshness restarted() {
        return new Freshness(log, topicEnds, new ConsumerProgress(), contracts, quarantine, stored, records, models);
    }

    private long relayed() {
        return log.watermark(Freshness.RELAY).map(w -> w.lastGlobalIndex()).orElse(-1L);
    }
}
