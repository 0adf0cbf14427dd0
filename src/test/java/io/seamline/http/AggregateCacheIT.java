package io.seamline.http;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.seamline.domain.Money;
import io.seamline.platform.AxonRuntime;
import io.seamline.product.api.ProductDiscontinuedEvent;
import io.seamline.product.api.ProductUpdatedEvent;
import jakarta.inject.Inject;
import org.axonframework.common.transaction.Transaction;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.seamline.http.ApiFixtures.api;
import static io.seamline.http.ApiFixtures.assertProblem;
import static io.seamline.http.ApiFixtures.createProduct;
import static io.seamline.http.ApiFixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The aggregate cache with another writer on the same event store (another replica, played here by appending to the
 * store behind the service's back): a command decides on the stored state, never on a stale cached copy, and nothing
 * is lost or appended twice. Each test first changes the product once through the API, so its aggregate is cached.
 */
@QuarkusTest
class AggregateCacheIT {

    @Inject
    AxonRuntime axon;

    @Test
    void update_afterAnotherWriterAppended_decidesOnTheStoredState() {
        String id = cachedProduct();
        appendBehindTheCache(id, 2, new ProductUpdatedEvent(id, "Renamed elsewhere", null, null, null, null));

        // A stale copy still has the first title, so this would look like no change and append nothing.
        long version = patch(id, null, Map.of("title", "First title")).then().statusCode(200)
                .extract().jsonPath().getLong("aggregateVersion");

        assertEquals(3, version);
        List<DomainEventMessage<?>> events = events(id);
        assertThat(events).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertEquals("First title", ((ProductUpdatedEvent) events.get(3).getPayload()).title());
    }

    @Test
    void update_ifMatchOfTheCachedVersion_afterAnotherWriterAppended_409() {
        String id = cachedProduct();
        appendBehindTheCache(id, 2, new ProductUpdatedEvent(id, null, null, null, Money.of("30.00", "EUR"), null));

        assertProblem(patch(id, "1", Map.of("price", Map.of("amount", "25.00", "currency", "EUR"))),
                409, "version-mismatch", "If-Match");
        assertThat(events(id)).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L);
    }

    @Test
    void update_productDiscontinuedElsewhere_refused() {
        String id = cachedProduct();
        appendBehindTheCache(id, 2, new ProductDiscontinuedEvent(id));

        assertProblem(patch(id, null, Map.of("title", "Too late")), 409, "product-discontinued", null);
        assertThat(events(id)).hasSize(3);
    }

    /**
     * The race the look-up cannot see: the other writer's event is committed after this command checked the cache
     * and before its own append committed. The append meets the unique key, everything rolls back (the cached copy
     * too), and the command is decided again on the new state.
     */
    @Test
    void update_anotherWriterCommitsDuringTheCommand_retriedOnTheNewState() throws Exception {
        String id = cachedProduct();
        Transaction other = axon.transactions().startTransaction();
        CompletableFuture<Response> update;
        try {
            axon.storageEngine().appendEvents(domainEvent(id, 2,
                    new ProductUpdatedEvent(id, null, "Changed elsewhere", null, null, null)));
            update = CompletableFuture.supplyAsync(() -> patch(id, null, Map.of("title", "Changed here")));
            // the command's insert of sequence 2 now waits on the uncommitted row of the other writer
            await().atMost(Duration.ofSeconds(30)).until(() -> appendsWaitingOnALock() > 0);
        } catch (RuntimeException | Error e) {
            other.rollback();
            throw e;
        }
        other.commit();

        Response answer = update.get();
        assertEquals(200, answer.statusCode(), answer.asString());
        assertEquals(3, answer.jsonPath().getLong("aggregateVersion"));
        List<DomainEventMessage<?>> events = events(id);
        assertThat(events).extracting(DomainEventMessage::getSequenceNumber).containsExactly(0L, 1L, 2L, 3L);
        assertEquals("Changed elsewhere", ((ProductUpdatedEvent) events.get(2).getPayload()).description());
        assertEquals("Changed here", ((ProductUpdatedEvent) events.get(3).getPayload()).title());
    }

    /** A product at version 1, changed through the API after its creation, so the service has it cached. */
    private static String cachedProduct() {
        Map<String, Object> body = ApiFixtures.productBody(ApiFixtures.uniqueSku(), "19.99", "EUR");
        body.put("title", "First title");
        String id = createProduct(body);
        patch(id, null, Map.of("price", Map.of("amount", "20.00", "currency", "EUR"))).then().statusCode(200);
        return id;
    }

    private static Response patch(String id, String ifMatch, Map<String, Object> body) {
        var request = json(body);
        if (ifMatch != null) {
            request = request.header("If-Match", ifMatch);
        }
        return request.patch("/api/products/" + id);
    }

    private void appendBehindTheCache(String id, long sequence, Object payload) {
        axon.transactions().executeInTransaction(() -> axon.storageEngine().appendEvents(domainEvent(id, sequence, payload)));
    }

    private static DomainEventMessage<?> domainEvent(String id, long sequence, Object payload) {
        return new GenericDomainEventMessage<>("Product", id, sequence, payload);
    }

    private List<DomainEventMessage<?>> events(String id) {
        return axon.storageEngine().readEvents(id).asStream().<DomainEventMessage<?>>map(e -> e).toList();
    }

    private int appendsWaitingOnALock() throws Exception {
        try (Connection c = axon.transactions().getConnection();
             PreparedStatement s = c.prepareStatement("select count(*) from pg_stat_activity where wait_event_type = "
                     + "'Lock' and query ilike 'insert into domainevententry%'");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }
}
