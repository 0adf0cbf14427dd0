package io.seamline.projection.search;

import io.seamline.domain.Money;
import io.seamline.order.api.OrderPaidEvent;
import io.seamline.platform.EventJson;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import io.seamline.seam.consume.StoredPosition;
import io.seamline.seam.event.ConsumedEvent;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.event.EventTypes;
import io.seamline.seam.model.ModelKey;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.SegmentCommitInfo;
import org.apache.lucene.index.SegmentInfos;
import org.apache.lucene.store.FSDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The keyword index fed event batches directly: folding, the sequence guard, tombstones, and its commits. */
class KeywordIndexTest {

    @TempDir
    Path dir;

    private KeywordIndex index;
    private long globalIndex;
    private long offset;

    @BeforeEach
    void open() {
        index = KeywordIndex.open(dir);
    }

    @AfterEach
    void close() throws IOException {
        index.close();
    }

    @Test
    void createdProduct_isFoundByAWordOfItsTitle_andStemmed() throws IOException {
        index.apply(List.of(created("p1", 0, "Red kettles", "Boils water fast", "Kitchen", "Hearthline")));

        assertEquals(List.of("p1"), ids(index.search("kettle", 10)));
        assertEquals(List.of("p1"), ids(index.search("hearthline", 10)));
        assertEquals(1, index.count());
        assertThat(index.contains("p1")).isTrue();
    }

    @Test
    void partialUpdate_reindexesTheWholeProduct() throws IOException {
        index.apply(List.of(created("p1", 0, "Red kettle", "Boils water fast", "Kitchen", "Hearthline")));
        index.apply(List.of(updated("p1", 1, "Blue teapot")));

        assertEquals(List.of("p1"), ids(index.search("teapot", 10)));
        assertEquals(List.of(), ids(index.search("kettle", 10)));
        // the description and brand the update did not carry are still there
        assertEquals(List.of("p1"), ids(index.search("water", 10)));
        assertEquals(List.of("p1"), ids(index.search("hearthline", 10)));
    }

    @Test
    void staleLowerSequenceUpdate_isSkipped() throws IOException {
        index.apply(List.of(created("p1", 0, "Red kettle", "", "Kitchen", null), updated("p1", 1, "Blue teapot")));
        index.apply(List.of(updated("p1", 1, "Green mug"), updated("p1", 0, "Yellow cup")));

        assertEquals(List.of(), ids(index.search("mug", 10)));
        assertEquals(List.of(), ids(index.search("cup", 10)));
        assertEquals(List.of("p1"), ids(index.search("teapot", 10)));
        assertEquals(List.of(new ModelKey("p1", 1, true)), index.products());
    }

    @Test
    void priceChange_movesOnlyTheSequence_whichTheGuardThenCompares() throws IOException {
        index.apply(List.of(created("p1", 0, "Red kettle", "Boils water fast", "Kitchen", "Hearthline")));
        index.apply(List.of(repriced("p1", 1, "12.50"), repriced("p1", 2, "13.00")));

        // no document written again (a price is not a word): the one segment got a doc-values update, nothing else
        try (FSDirectory directory = FSDirectory.open(dir)) {
            List<SegmentCommitInfo> segments = SegmentInfos.readLatestCommit(directory).asList();
            assertEquals(1, segments.size());
            assertThat(segments.get(0).hasFieldUpdates()).as("sequence updated in place").isTrue();
            assertEquals(0, segments.get(0).getDelCount());
        }
        assertEquals(List.of(new ModelKey("p1", 2, true)), index.products());
        // the sequence the price changes left is the one the guard compares: an older title change is skipped
        index.apply(List.of(updated("p1", 2, "Blue teapot")));
        assertEquals(List.of(), ids(index.search("teapot", 10)));
        // a newer one re-indexes the whole product from the words it kept
        index.apply(List.of(updated("p1", 3, "Blue teapot")));
        assertEquals(List.of("p1"), ids(index.search("teapot", 10)));
        assertEquals(List.of("p1"), ids(index.search("hearthline", 10)));
        assertEquals(List.of(new ModelKey("p1", 3, true)), index.products());
    }

    @Test
    void discontinuedProduct_isGone_andAnOlderRedeliveryCannotResurrectIt() throws IOException {
        ConsumedEvent create = created("p1", 0, "Red kettle", "", "Kitchen", null);
        index.apply(List.of(create, discontinued("p1", 1)));
        assertEquals(List.of(), ids(index.search("kettle", 10)));

        index.apply(List.of(create, updated("p1", 1, "Red kettle again")));

        assertEquals(List.of(), ids(index.search("kettle", 10)));
        assertEquals(0, index.count());
        assertThat(index.contains("p1")).isFalse();
        assertEquals(List.of(new ModelKey("p1", 1, false)), index.products());
    }

    @Test
    void queryText_isWordsNotSyntax() throws IOException {
        index.apply(List.of(created("p1", 0, "Red kettle", "", "Kitchen", null)));

        for (String text : List.of("\"kettle (red", "kettle AND", "title: kettle]", "kettle~ * ?", "\\kettle/")) {
            assertEquals(List.of("p1"), ids(index.search(text, 10)), text);
        }
        assertEquals(List.of(), ids(index.search("the (", 10)));
        assertEquals(List.of(), ids(index.search("", 10)));
    }

    @Test
    void titleWords_rankAboveDescriptionWords() throws IOException {
        index.apply(List.of(created("p1", 0, "Steel mug", "Goes well with a kettle", "Kitchen", null),
                created("p2", 0, "Kettle", "Stainless steel", "Kitchen", null)));

        assertEquals(List.of("p2", "p1"), ids(index.search("kettle", 10)));
    }

    @Test
    void orderEvents_areIgnored_butMoveThePosition() throws IOException {
        index.apply(List.of(event("o1", 0, new OrderPaidEvent("o1", Money.of("10.00", "EUR"), Instant.parse("2026-03-02T12:00:00Z")))));

        assertEquals(0, index.count());
        assertEquals(Map.of(0, offset), index.position().nextOffsets());
    }

    @Test
    void reopenedIndex_resumesAtItsLastCommit_withoutLossOrDuplicates() throws IOException {
        List<ConsumedEvent> first = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            first.add(created("p" + i, 0, "Kettle number " + i, "", "Kitchen", null));
        }
        index.apply(first);
        index.apply(List.of(updated("p3", 1, "Teapot"), discontinued("p4", 1)));
        StoredPosition before = index.position();
        index.close();

        index = KeywordIndex.open(dir);
        assertEquals(before, index.position());
        assertEquals(Map.of(0, 22L), index.position().nextOffsets());
        assertEquals(21, index.position().lastGlobalIndex());
        assertEquals(19, index.count());
        assertEquals(before, index.search("kettle", 1).position());

        index.apply(first); // what Kafka redelivers when its offsets were not committed before the crash
        assertEquals(19, index.count());
        assertEquals(20, index.products().size());
        assertEquals(List.of("p3"), ids(index.search("teapot", 10)));
    }

    @Test
    void indexOfAnotherFormatVersion_isRefused() throws IOException {
        index.close();
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            writer.setLiveCommitData(Map.of("seamline.format", KeywordIndex.FORMAT, "seamline.format.version", "0")
                    .entrySet());
            writer.commit();
        }

        assertThrows(IllegalStateException.class, () -> KeywordIndex.open(dir));
        // refused without keeping the write lock: the index can be opened (and rebuilt) by the next writer
        try (IndexWriter writer = new IndexWriter(FSDirectory.open(dir), new IndexWriterConfig())) {
            writer.deleteAll();
            writer.setLiveCommitData(Map.<String, String>of().entrySet());
            writer.commit();
        }
        index = KeywordIndex.open(dir);
        assertEquals(StoredPosition.START, index.position());
    }

    @Test
    void withACommitInterval_aBatchIsSearchableAtOnce_andDurableAtTheCommit() throws IOException {
        index.close();
        index = KeywordIndex.open(dir, KeywordIndex.DEFAULT_TITLE_BOOST, java.time.Duration.ofHours(1),
                KeywordIndex.DEFAULT_UNSEARCHED_ATTRIBUTES);
        index.apply(List.of(created("p1", 0, "Red kettle", "", "Kitchen", null)));

        KeywordResult answer = index.search("kettle", 10);
        assertEquals(List.of("p1"), ids(answer));
        assertEquals(index.position(), answer.position());
        assertEquals(StoredPosition.START, committedPosition(), "not committed before the interval");

        index.commitIfDue();
        assertEquals(StoredPosition.START, committedPosition());
        index.commit();
        assertEquals(index.position(), committedPosition());
    }

    @Test
    void crashBeforeACommit_losesNothing_becauseTheOffsetsWereNotStoredEither() throws IOException {
        index.close();
        index = KeywordIndex.open(dir, KeywordIndex.DEFAULT_TITLE_BOOST, java.time.Duration.ofHours(1),
                KeywordIndex.DEFAULT_UNSEARCHED_ATTRIBUTES);
        List<ConsumedEvent> first = List.of(created("p1", 0, "Red kettle", "", "Kitchen", null));
        List<ConsumedEvent> second = List.of(created("p2", 0, "Blue kettle", "", "Kitchen", null),
                updated("p1", 1, "Red teapot"));
        index.apply(first);
        index.commit();
        StoredPosition committed = index.position();
        index.apply(second);
        assertEquals(List.of("p1"), ids(index.search("teapot", 10)));

        index.crash();
        index = KeywordIndex.open(dir, KeywordIndex.DEFAULT_TITLE_BOOST, java.time.Duration.ofHours(1),
                KeywordIndex.DEFAULT_UNSEARCHED_ATTRIBUTES);
        assertEquals(committed, index.position());
        assertEquals(List.of(), ids(index.search("teapot", 10)));

        index.apply(second); // Kafka delivers again from the committed offsets
        assertEquals(List.of("p1"), ids(index.search("teapot", 10)));
        assertEquals(List.of("p2"), ids(index.search("blue", 10)));
        assertEquals(2, index.count());
    }

    @Test
    void withAZeroRefreshInterval_everyBatchIsSearchableWhenApplyReturns() throws IOException {
        long before = index.refreshes();
        for (int i = 0; i < 5; i++) {
            index.apply(List.of(created("p" + i, 0, "Kettle number" + i, "", "Kitchen", null)));
            assertEquals(List.of("p" + i), ids(index.search("number" + i, 10)));
            assertEquals(index.position(), index.searchablePosition());
        }
        assertEquals(before + 5, index.refreshes(), "one refresh per batch");
    }

    @Test
    void withARefreshInterval_aBatchIsSearchableOnlyOnceRefreshed_andTheTimerRefreshesItWithoutAnotherBatch()
            throws IOException {
        reopen(Duration.ofSeconds(2));
        index.apply(List.of(created("p0", 0, "Red kettle", "", "Kitchen", null)));
        index.refresh(); // the interval starts now
        long refreshed = index.refreshes();
        StoredPosition seen = index.searchablePosition();
        List<Map<Integer, Long>> reported = new CopyOnWriteArrayList<>();
        index.reportVisibility((nextOffsets, at) -> reported.add(nextOffsets));

        index.apply(List.of(created("p1", 0, "Blue teapot", "", "Kitchen", null)));

        KeywordResult answer = index.search("teapot", 10);
        assertEquals(List.of(), ids(answer), "applied, not yet refreshed");
        assertEquals(seen, answer.position(), "the answer says it reflects the position before the batch");
        assertEquals(refreshed, index.refreshes());
        assertEquals(List.of(), reported, "not reported visible before a refresh includes it");
        // no further batch: the refresher's timer makes it searchable
        await().atMost(Duration.ofSeconds(15)).until(() -> !index.search("teapot", 10).hits().isEmpty());
        assertEquals(refreshed + 1, index.refreshes());
        assertEquals(index.position(), index.search("teapot", 10).position());
        assertEquals(List.of(index.position().nextOffsets()), reported);
    }

    @Test
    void withARefreshInterval_refreshesAreBoundedByTheElapsedTimeOverTheInterval_notByTheBatches()
            throws IOException {
        Duration interval = Duration.ofMillis(200);
        long opened = System.nanoTime();
        reopen(interval);
        int batches = 300;
        for (int i = 0; i < batches; i++) {
            index.apply(List.of(created("p" + i, 0, "Kettle number" + i, "", "Kitchen", null)));
        }
        long refreshes = index.refreshes();
        long elapsed = System.nanoTime() - opened;

        // each refresh comes at least an interval after the one before (the first, after the open's reader)
        assertThat(refreshes).isLessThanOrEqualTo(elapsed / interval.toNanos()).isLessThan(batches);
        await().atMost(Duration.ofSeconds(15)).until(() -> index.count() == batches);
        assertEquals(index.position(), index.searchablePosition());
    }

    @Test
    void batchesNotYetRefreshed_foldOnEachOther_throughTheSequenceGuard() throws IOException {
        reopen(Duration.ofHours(1));
        index.apply(List.of(created("p1", 0, "Red kettle", "Boils water fast", "Kitchen", "Hearthline")));
        index.apply(List.of(updated("p1", 1, "Red teapot")));
        index.apply(List.of(repriced("p1", 2, "12.50")));
        index.apply(List.of(updated("p1", 1, "Stale title"), repriced("p1", 2, "99.00"))); // redelivered: skipped
        index.apply(List.of(updated("p1", 3, "Blue teapot")));
        index.apply(List.of(created("p2", 0, "Green kettle", "", "Kitchen", null), discontinued("p2", 1)));
        assertEquals(0, index.count(), "nothing refreshed within the hour");

        index.refresh();
        assertEquals(List.of("p1"), ids(index.search("blue teapot", 10)));
        assertEquals(List.of("p1"), ids(index.search("hearthline", 10)), "the words it kept from the creation");
        assertEquals(List.of(), ids(index.search("stale", 10)));
        assertEquals(List.of(), ids(index.search("green", 10)));
        assertEquals(Money.of("12.50", "EUR"), index.search("teapot", 10).hits().getFirst().price());
        assertThat(index.products()).containsExactlyInAnyOrder(new ModelKey("p1", 3, true),
                new ModelKey("p2", 1, false));
    }

    private void reopen(Duration refreshInterval) throws IOException {
        index.close();
        index = KeywordIndex.open(dir, KeywordIndex.DEFAULT_TITLE_BOOST, Duration.ofHours(1), refreshInterval,
                KeywordIndex.DEFAULT_UNSEARCHED_ATTRIBUTES);
    }

    private StoredPosition committedPosition() throws IOException {
        try (FSDirectory directory = FSDirectory.open(dir)) {
            List<org.apache.lucene.index.IndexCommit> commits = DirectoryReader.listCommits(directory);
            return StoredPosition.fromStrings(commits.get(commits.size() - 1).getUserData());
        }
    }

    private static List<String> ids(KeywordResult result) {
        return result.hits().stream().map(KeywordHit::productId).toList();
    }

    private ConsumedEvent created(String id, long sequence, String title, String description, String category,
                                  String brand) {
        Map<String, String> attributes = brand == null ? Map.of("color", "red") : Map.of("brand", brand);
        return event(id, sequence, new ProductCreatedEvent(id, "SKU-" + id, title, description, category,
                Money.of("10.00", "EUR"), attributes));
    }

    private ConsumedEvent updated(String id, long sequence, String title) {
        return event(id, sequence, new ProductUpdatedEvent(id, title, null, null, null, null));
    }

    private ConsumedEvent repriced(String id, long sequence, String amount) {
        return event(id, sequence, new ProductUpdatedEvent(id, null, null, null, Money.of(amount, "EUR"), null));
    }

    private ConsumedEvent discontinued(String id, long sequence) {
        return event(id, sequence, new ProductDiscontinuedEvent(id));
    }

    private ConsumedEvent event(String aggregateId, long sequence, Object payload) {
        Class<?> type = payload.getClass();
        EventEnvelope envelope = new EventEnvelope("e-" + globalIndex, EventTypes.typeName(type),
                EventTypes.version(type), EventTypes.aggregateType(type), aggregateId, sequence, globalIndex++,
                Instant.parse("2026-11-23T00:00:00Z").plusSeconds(globalIndex), null,
                EventJson.mapper().valueToTree(payload));
        return new ConsumedEvent(envelope, payload, 0, offset++);
    }
}
