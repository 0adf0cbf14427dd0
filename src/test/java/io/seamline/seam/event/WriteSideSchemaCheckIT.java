package io.seamline.seam.event;

import io.quarkus.test.junit.QuarkusTest;
import io.seamline.domain.Money;
import io.seamline.platform.AxonRuntime;
import io.seamline.product.api.ProductCreatedEvent;
import io.seamline.seam.log.EventLog;
import jakarta.inject.Inject;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The write side appends no event that breaks its schema, and appends the valid ones as before. */
@QuarkusTest
class WriteSideSchemaCheckIT {

    @Inject
    AxonRuntime axon;
    @Inject
    EventLog log;

    @Test
    void eventBreakingItsSchema_isRefused_andNothingIsAppended() {
        String id = UUID.randomUUID().toString();
        ProductCreatedEvent broken = new ProductCreatedEvent(id, null, null, null, null, Money.of("2.00", "EUR"), Map.of());
        long head = log.head();

        assertThatThrownBy(() -> publish(id, broken)).isInstanceOf(EventContractViolation.class)
                .hasMessageContaining("ProductCreated.v2.json");

        assertThat(log.history(id)).isEmpty();
        assertEquals(head, log.head());
    }

    @Test
    void validEvent_isAppended() {
        String id = UUID.randomUUID().toString();

        publish(id, new ProductCreatedEvent(id, "SCHEMA-" + id, "Valid", "", "", Money.of("2.00", "EUR"), Map.of()));

        assertThat(log.history(id)).hasSize(1);
    }

    private void publish(String id, Object event) {
        DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        unitOfWork.attachTransaction(axon.transactions()); // as a command runs: the append commits with it
        unitOfWork.execute(() -> axon.configuration().eventStore()
                .publish(new GenericDomainEventMessage<>("Product", id, 0, event)));
    }
}
