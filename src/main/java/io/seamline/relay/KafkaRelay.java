package io.seamline.relay;

import io.seamline.platform.JdbcTransactionManager;
import io.seamline.seam.event.EventEnvelope;
import io.seamline.seam.log.Watermarks;
import io.seamline.seam.trace.PropagationTrace;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventMessageHandler;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.serialization.Serializer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The outbox relay: sends every event of the log to Kafka in global order. Sends are asynchronous within
 * a batch; before the batch's unit of work commits (and with it the processor's token) every send must
 * be acked by the broker, so the token never passes an event Kafka does not have. A crash between the
 * acks and the token commit re-sends at most one batch: at-least-once.
 */
final class KafkaRelay implements EventMessageHandler {

    private static final String PENDING = KafkaRelay.class.getName() + ".pending";

    private final Producer<String, byte[]> producer;
    private final String topic;
    private final RelayCrashPoint crashPoint;
    private final RelayMetrics metrics;
    private final JdbcTransactionManager transactions;
    private final Serializer eventSerializer;
    private final PropagationTrace trace;

    KafkaRelay(Producer<String, byte[]> producer, String topic, RelayCrashPoint crashPoint, RelayMetrics metrics,
               PropagationTrace trace, JdbcTransactionManager transactions, Serializer eventSerializer) {
        this.trace = trace;
        this.eventSerializer = eventSerializer;
        this.producer = producer;
        this.topic = topic;
        this.crashPoint = crashPoint;
        this.metrics = metrics;
        this.transactions = transactions;
    }

    /**
     * Publishes one event. The payload is taken in its stored (upcast) JSON form, never deserialized into
     * its class: a plain handler rather than an annotated one, whose payload parameter would force that.
     */
    @Override
    public Object handle(EventMessage<?> message) {
        if (!(message instanceof DomainEventMessage<?> event) || !(message instanceof TrackedEventMessage<?> tracked)) {
            throw new IllegalStateException("the relay only reads domain events from the store, got " + message);
        }
        EventEnvelope envelope = EnvelopeWriter.envelope(event, tracked, eventSerializer);
        pendingSends().add(new Pending(envelope, producer.send(EnvelopeWriter.record(topic, envelope))));
        return null;
    }

    private List<Pending> pendingSends() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(PENDING, key -> {
            List<Pending> pending = new ArrayList<>();
            root.onPrepareCommit(uow -> awaitAcks(pending));
            return pending;
        });
    }

    private void awaitAcks(List<Pending> pending) {
        Pending last = null;
        List<RecordMetadata> acked = new ArrayList<>(pending.size());
        for (Pending p : pending) {
            try {
                acked.add(p.ack().get(2, TimeUnit.MINUTES));
                last = p;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka to ack", e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("Kafka did not ack event " + p.envelope().eventId()
                        + "; the batch will be sent again", e);
            }
        }
        if (last == null) {
            return;
        }
        Connection tx = transactions.transactionConnection();
        try (Statement asyncCommit = tx.createStatement()) {
            // The token need not be durable: a token commit lost in a PostgreSQL crash only makes the relay
            // send those batches again, which every consumer skips. Not waiting for the WAL flush shortens
            // each relay cycle; the events themselves were committed durably by their commands.
            asyncCommit.execute("set local synchronous_commit = off");
            Watermarks.advance(tx, RelayModule.PROCESSOR,
                    last.envelope().globalIndex(), last.envelope().timestamp(), pending.size(), 0);
        } catch (SQLException e) {
            throw new IllegalStateException("could not record the relay's watermark", e);
        }
        crashPoint.reached(pending.size());
        metrics.relayed(pending.size(), last.envelope());
        for (int i = 0; i < pending.size(); i++) {
            RecordMetadata at = acked.get(i);
            // the record's own timestamp: a consumer may apply it before this thread has seen every ack of the batch
            trace.relayed(pending.get(i).envelope(), at.partition(), at.offset(), Instant.ofEpochMilli(at.timestamp()));
        }
    }

    private record Pending(EventEnvelope envelope, Future<RecordMetadata> ack) {
    }
}
