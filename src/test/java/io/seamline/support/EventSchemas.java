package io.seamline.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.seamline.platform.EventJson;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Set;

/** The event catalogue on disk: validates an event payload against {@code eventstore/events/<Type>.v<N>.json}. */
public final class EventSchemas {

    public static final Path CATALOGUE = Path.of("eventstore", "events");
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private EventSchemas() {
    }

    public static String file(String type, int version) {
        return type + ".v" + version + ".json";
    }

    /** Every error of {@code instance} against the catalogue schema in {@code file}. */
    public static Set<ValidationMessage> validate(String file, JsonNode instance) {
        try {
            return FACTORY.getSchema(EventJson.mapper().readTree(CATALOGUE.resolve(file).toFile())).validate(instance);
        } catch (IOException e) {
            throw new AssertionError("cannot read schema " + CATALOGUE.resolve(file), e);
        }
    }
}
