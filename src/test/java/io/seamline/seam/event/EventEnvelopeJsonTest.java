package io.seamline.seam.event;

import com.fasterxml.jackson.databind.JsonNode;
import io.seamline.platform.EventJson;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** The topic's envelope as JSON: schemaVersion by name, read from records relayed when it was called version. */
class EventEnvelopeJsonTest {

    private static final String ENVELOPE = """
            {"eventId":"e-1","type":"ProductCreated","%s":2,"aggregateType":"Product","aggregateId":"p-1",
             "sequence":0,"globalIndex":41,"timestamp":"2026-11-20T08:00:00Z","correlationId":"c-1",
             "payload":{"price":{"amount":190.00,"currency":"EUR"}}}""";

    @Test
    void theEnvelopeNamesTheSchemaVersionAndKeepsAmountsPlain() throws IOException {
        EventEnvelope envelope = EventJson.mapper().readValue(ENVELOPE.formatted("schemaVersion"), EventEnvelope.class);
        JsonNode written = EventJson.mapper().valueToTree(envelope);

        assertThat(written.path("schemaVersion").asInt()).isEqualTo(2);
        assertThat(written.has("version")).isFalse();
        assertThat(EventJson.mapper().writeValueAsString(envelope)).contains("\"amount\":190.00");
    }

    @Test
    void aRecordRelayedBeforeTheRenameIsReadByItsOldName() throws IOException {
        EventEnvelope envelope = EventJson.mapper().readValue(ENVELOPE.formatted("version"), EventEnvelope.class);

        assertThat(envelope.schemaVersion()).isEqualTo(2);
    }
}
