package io.seamline.seam.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import io.openlineage.client.OpenLineageClientUtils;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OpenLineage spec the client was generated from (src/test/resources/openlineage/spec, copied from the
 * OpenLineage repository at the client's tag), as a validator: an event must match {@code OpenLineage.json}, every
 * facet in it the schema its {@code _schemaURL} names, and it must read back through the client's own model unchanged.
 */
final class LineageSchema {

    static final String SPEC = "https://openlineage.io/spec/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(SPEC, "classpath:openlineage/spec/")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true).build();
    private static final Map<String, JsonSchema> SCHEMAS = new ConcurrentHashMap<>();

    private LineageSchema() {
    }

    /** What is wrong with the event (one line of the JSON lines file); empty when it is a valid OpenLineage event. */
    static List<String> violations(String line) {
        JsonNode event = read(line);
        List<String> violations = new ArrayList<>();
        schema(SPEC + "2-0-2/OpenLineage.json").validate(event).forEach(m -> violations.add("event: " + m));
        facets(event.path("run").path("facets"), "run", violations);
        facets(event.path("job").path("facets"), "job", violations);
        for (String side : List.of("inputs", "outputs")) {
            for (JsonNode dataset : event.path(side)) {
                String where = side + " " + dataset.path("name").asText();
                facets(dataset.path("facets"), where, violations);
                facets(dataset.path(side.equals("inputs") ? "inputFacets" : "outputFacets"), where, violations);
            }
        }
        try {
            JsonNode again = read(OpenLineageClientUtils.toJson(OpenLineageClientUtils.runEventFromJson(line)));
            if (!again.equals(event)) {
                violations.add("the client's model reads it back as " + again);
            }
        } catch (RuntimeException e) {
            violations.add("the client's model cannot read it: " + e);
        }
        return violations;
    }

    private static void facets(JsonNode facets, String where, List<String> violations) {
        facets.properties().forEach(facet -> {
            String url = facet.getValue().path("_schemaURL").asText();
            if (!url.startsWith(SPEC) || LineageSchema.class.getClassLoader()
                    .getResource("openlineage/spec/" + url.substring(SPEC.length()).split("#")[0]) == null) {
                violations.add(where + " facet " + facet.getKey() + ": no schema here for " + url);
                return;
            }
            schema(url).validate(facet.getValue())
                    .forEach(m -> violations.add(where + " facet " + facet.getKey() + ": " + m));
        });
    }

    private static JsonSchema schema(String url) {
        return SCHEMAS.computeIfAbsent(url, u -> FACTORY.getSchema(SchemaLocation.of(u), CONFIG));
    }

    static JsonNode read(String line) {
        try {
            return JSON.readTree(line);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
