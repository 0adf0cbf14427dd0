package io.seamline.platform;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.fasterxml.jackson.core.StreamWriteFeature;

/** The one JSON mapping of events, in the event store and on Kafka, independent of the HTTP layer's. */
public final class EventJson {
    private static final ObjectMapper MAPPER = newMapper();

    private EventJson() {
    }

    /** The shared mapper, for reading and writing events; never hand it to code that reconfigures it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /**
     * A mapper of its own for a framework that configures what it is given (Axon's serializer builder
     * turns on default typing, which would put Java class names into every event payload).
     */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .enable(StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN)
                // a payload read into a tree keeps its amounts exact and with their scale: 190.00, not 190.0 or 1.9E+2
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // Readers tolerate fields added by newer producers; shape changes go through upcasters.
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }
}
