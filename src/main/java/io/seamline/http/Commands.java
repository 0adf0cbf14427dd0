package io.seamline.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.seamline.domain.Conflict;
import io.seamline.domain.NotFound;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.ConflictingAggregateVersionException;

/** Sends commands and turns the framework's failures into the domain's (which map to problem responses). */
@ApplicationScoped
public class Commands {

    private final CommandGateway gateway;
    private final MeterRegistry metrics;

    Commands(CommandGateway gateway, MeterRegistry metrics) {
        this.gateway = gateway;
        this.metrics = metrics;
    }

    public <R> R send(Object command, String aggregateKind, String aggregateId) {
        String type = command.getClass().getSimpleName();
        Timer.Sample sample = Timer.start(metrics);
        String outcome = "accepted";
        try {
            return gateway.sendAndWait(command);
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
}
