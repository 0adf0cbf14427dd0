package io.seamline.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seamline.domain.Conflict;
import io.seamline.domain.NotFound;
import io.seamline.platform.idempotency.Fingerprint;
import io.seamline.platform.idempotency.IdempotencyClaim;
import io.seamline.platform.idempotency.IdempotencyKeys;
import io.seamline.platform.idempotency.KeyAlreadyRecorded;
import io.seamline.platform.idempotency.RecordedKey;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.messaging.MetaData;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConcurrencyException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Sends commands and turns the framework's failures into the domain's (which map to problem responses). A command
 * sent with an idempotency key is answered once per caller and key: a retry gets the stored first answer back.
 */
@ApplicationScoped
class Commands {

    private final CommandGateway gateway;
    private final MeterRegistry metrics;
    private final IdempotencyKeys keys;
    private final Callers callers;

    Commands(CommandGateway gateway, MeterRegistry metrics, IdempotencyKeys keys, Callers callers) {
        this.gateway = gateway;
        this.metrics = metrics;
        this.keys = keys;
        this.callers = callers;
    }

    /**
     * Creates an aggregate under a fresh id: {@code commandFor} builds the command for an id. The answer is 201 with
     * the aggregate at {@code collection}/id. With a key, the fingerprint leaves the generated id out, so a retry of
     * the same request is recognised although it would get another id.
     */
    CommandAnswer create(IdempotencyKey key, String aggregateKind, String collection, Function<String, ?> commandFor) {
        String id = UUID.randomUUID().toString();
        Object command = commandFor.apply(id);
        CommandAnswer answer = CommandAnswer.created(collection + "/" + id, id);
        if (key == null) {
            send(command, MetaData.emptyInstance(), aggregateKind, id);
            return answer;
        }
        return sendOnce(key, command, Fingerprint.of(commandFor.apply("")), aggregateKind, answer);
    }

    /** Changes an existing aggregate; its handler answers with the aggregate's new version. */
    CommandAnswer change(IdempotencyKey key, Object command, String aggregateKind, String aggregateId) {
        if (key == null) {
            long version = send(command, MetaData.emptyInstance(), aggregateKind, aggregateId);
            return CommandAnswer.changed(aggregateId, version);
        }
        // the planned answer's version is a placeholder: the stored one is what the handler answers
        return sendOnce(key, command, Fingerprint.of(command), aggregateKind, CommandAnswer.changed(aggregateId, 0));
    }

    /**
     * A plain retry costs one lookup. Otherwise the command goes out with a claim on the key, which is recorded in the
     * command's own transaction; when two requests with one key race past the lookup, the key's primary key lets one
     * commit and rolls the other back, and the loser answers with the winner's answer.
     */
    private CommandAnswer sendOnce(IdempotencyKey key, Object command, String fingerprint, String aggregateKind,
                                   CommandAnswer planned) {
        Timer.Sample sample = Timer.start(metrics);
        String caller = callers.current();
        Optional<RecordedKey> earlier = keys.find(caller, key.value());
        if (earlier.isPresent()) {
            return replay(key, earlier.get(), fingerprint, command, sample);
        }
        String id = planned.answer().aggregateId();
        IdempotencyClaim claim = new IdempotencyClaim(caller, key.value(), fingerprint, planned.answer().status(), id,
                planned.answer().location());
        Object result;
        try {
            result = send(command, MetaData.with(IdempotencyClaim.METADATA_KEY, claim), aggregateKind, id);
        } catch (RuntimeException e) {
            // Whatever failed (the key taken at commit, the SKU or version taken by the same request's twin), a
            // request with this key that did succeed meanwhile has the answer this one should give.
            Optional<RecordedKey> winner = keys.find(caller, key.value());
            if (winner.isPresent()) {
                return replay(key, winner.get(), fingerprint, command, sample);
            }
            if (e instanceof KeyAlreadyRecorded) {
                // the winner's key expired in between: a plain retry gets a definite answer
                throw new Conflict("idempotency-key-in-use", key.field(), "a concurrent request used idempotency key '"
                        + key.value() + "': retry");
            }
            throw e;
        }
        return new CommandAnswer(claim.answer(result), false);
    }

    /** The earlier request's answer, or a refusal when this request is not the same as that one. */
    private CommandAnswer replay(IdempotencyKey key, RecordedKey earlier, String fingerprint, Object command,
                                 Timer.Sample sample) {
        boolean same = earlier.sameRequest(fingerprint);
        sample.stop(metrics.timer("seamline.commands", "type", command.getClass().getSimpleName(),
                "outcome", same ? "replayed" : "key-reused"));
        if (!same) {
            throw key.reused();
        }
        return new CommandAnswer(earlier.answer(), true);
    }

    /**
     * Another writer (a replica) appended to the aggregate between this command's load and its append, so the
     * append met the unique key on (aggregate, sequence) and everything rolled back (the cached aggregate too): the
     * command is decided again on the new state, which also gives an If-Match its version-mismatch answer.
     */
    private static final int ATTEMPTS_ON_CONCURRENT_APPEND = 3;

    private <R> R send(Object command, MetaData metaData, String aggregateKind, String aggregateId) {
        String type = command.getClass().getSimpleName();
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "accepted";
        try {
            return sendRetryingConcurrentAppends(GenericCommandMessage.asCommandMessage(command).andMetaData(metaData));
        } catch (ConcurrencyException e) {
            outcome = "conflict";
            throw new Conflict("concurrent-modification", null, aggregateKind + " " + aggregateId
                    + " kept changing under this command (" + ATTEMPTS_ON_CONCURRENT_APPEND + " attempts): retry");
        } catch (ConflictingAggregateVersionException e) {
            outcome = "conflict";
            throw new Conflict("version-mismatch", "If-Match", aggregateKind + " " + aggregateId
                    + " is at version " + e.getActualVersion() + ", not " + e.getExpectedVersion());
        } catch (AggregateNotFoundException | IncompatibleAggregateException e) {
            // the second: the id belongs to an aggregate of the other kind
            outcome = "not-found";
            throw new NotFound(aggregateKind, aggregateId);
        } catch (CommandExecutionException e) {
            outcome = "failed";
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } catch (RuntimeException e) {
            outcome = "refused";
            throw e;
        } finally {
            sample.stop(metrics.timer("seamline.commands", "type", type, "outcome", outcome));
        }
    }

    private <R> R sendRetryingConcurrentAppends(CommandMessage<?> message) {
        for (int attempt = 1; ; attempt++) {
            try {
                return gateway.sendAndWait(message);
            } catch (ConcurrencyException e) {
                if (attempt == ATTEMPTS_ON_CONCURRENT_APPEND) {
                    throw e;
                }
            }
        }
    }
}
