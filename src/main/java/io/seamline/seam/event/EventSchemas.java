package io.seamline.seam.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.OutputFormat;
import com.networknt.schema.SpecVersion;
import io.seamline.platform.EventJson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The event catalogue at run time: validates a payload against its canonical schema
 * {@code eventstore/events/<Type>.v<N>.json} (on the classpath), so a consumer can refuse what the contract
 * does not allow instead of folding it.
 */
public final class EventSchemas {

    private static final String CLASSPATH_DIR = "eventstore/events/";
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, Optional<JsonSchema>> COMPILED = new ConcurrentHashMap<>();

    private EventSchemas() {
    }

    public static String file(String type, int version) {
        return type + ".v" + version + ".json";
    }

    /** The violations of {@code payload} against the schema of that type and version; empty when valid. */
    public static List<String> violations(String type, int version, JsonNode payload) {
        return violations(file(type, version), payload);
    }

    /** As {@link #violations(String, int, JsonNode)}, naming the schema file; an unknown file is a violation. */
    public static List<String> violations(String file, JsonNode payload) {
        Optional<JsonSchema> schema = COMPILED.computeIfAbsent(file, EventSchemas::compile);
        if (schema.isEmpty()) {
            return List.of("no schema " + file + " in the event catalogue");
        }
        // every consumed event passes through here: a yes/no check stops early and builds no messages,
        // which are worked out only for the rare payload that fails
        if (schema.get().validate(payload, OutputFormat.BOOLEAN)) {
            return List.of();
        }
        return schema.get().validate(payload).stream().map(Object::toString).toList();
    }

    private static Optional<JsonSchema> compile(String file) {
        try (InputStream in = EventSchemas.class.getClassLoader().getResourceAsStream(CLASSPATH_DIR + file)) {
            return in == null ? Optional.empty() : Optional.of(FACTORY.getSchema(EventJson.mapper().readTree(in)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read schema " + CLASSPATH_DIR + file, e);
        }
    }
}
