package io.seamline.seam.event;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.seamline.platform.AxonModule;
import io.seamline.platform.EventJson;
import io.seamline.platform.JdbcTransactionManager;
import jakarta.enterprise.context.ApplicationScoped;
import org.axonframework.config.Configurer;

import java.util.List;

/**
 * The write side's end of the event contract: every event an aggregate applies is checked against
 * {@code eventstore/events/<Type>.v<N>.json} before it is appended. A violation fails the command in its own
 * transaction (nothing is appended) and is counted in {@code seamline_events_refused_total{type}}.
 */
@ApplicationScoped
class WriteSideSchemaCheck implements AxonModule {

    private final MeterRegistry registry;

    WriteSideSchemaCheck(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void configure(Configurer configurer, JdbcTransactionManager transactions) {
        configurer.onInitialize(c -> c.onStart(() -> c.eventStore().registerDispatchInterceptor(events -> {
            for (var event : events) {
                check(event.getPayloadType(), event.getPayload());
            }
            return (index, event) -> event;
        })));
    }

    void check(Class<?> type, Object payload) {
        String name = EventTypes.typeName(type);
        if (name == null) {
            throw refuse(String.valueOf(type), "no event type " + type.getName() + " in the catalogue");
        }
        int version = EventTypes.version(type);
        List<String> violations = EventSchemas.violations(name, version, EventJson.mapper().valueToTree(payload));
        if (!violations.isEmpty()) {
            throw refuse(name, name + " breaks " + EventSchemas.file(name, version) + ": " + String.join("; ", violations));
        }
    }

    private EventContractViolation refuse(String type, String message) {
        Counter.builder("seamline.events.refused").tag("type", type)
                .description("Events the write side refused to append because they break their schema")
                .register(registry).increment();
        return new EventContractViolation(message);
    }
}
