package io.seamline.relay;

import io.seamline.domain.RuleViolation;
import io.seamline.platform.AxonRuntime;
import io.seamline.seam.log.EventLog;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.eventhandling.GapAwareTrackingToken;
import org.axonframework.eventhandling.TrackingEventProcessor;

import java.util.Collections;

/**
 * Sends the log to Kafka again from a position, for a topic that lost data (a cluster rebuilt, retention
 * too short for a new consumer). The relay stops after committing its batch in hand, its token is moved back,
 * and it starts again; every consumer skips what it already applied by (aggregate id, sequence), so a replay
 * costs duplicates on the topic and nothing else. The relay's watermark never moves back.
 */
@ApplicationScoped
public class RelayReplay {

    /** What a replay re-sends: the events after {@code after} up to the head of the log when it started. */
    public record Started(long after, long head) {
    }

    private final AxonRuntime axon;
    private final EventLog log;

    RelayReplay(AxonRuntime axon, EventLog log) {
        this.axon = axon;
        this.log = log;
    }

    /** Replays the events after global index {@code after} (-1: the whole log). */
    public synchronized Started replayAfter(long after) {
        long head = log.head();
        if (after < -1 || after > head) {
            throw new RuleViolation("out-of-range", "after", "after must be from -1 to the head of the log (" + head
                    + "), got " + after);
        }
        TrackingEventProcessor relay = axon.configuration().eventProcessingConfiguration()
                .eventProcessor(RelayModule.PROCESSOR, TrackingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("the relay processor is not configured"));
        relay.shutDown();
        relay.resetTokens(source -> after < 0 ? source.createTailToken()
                : GapAwareTrackingToken.newInstance(after, Collections.emptySortedSet()));
        relay.start();
        return new Started(after, head);
    }
}
