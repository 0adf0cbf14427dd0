package io.seamline.seam.openlineage;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClientUtils;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The validator the lineage ITs rely on tells a valid OpenLineage event from broken ones, so their checks can fail. */
class LineageSchemaTest {

    private static final OpenLineage MODEL = new OpenLineage(URI.create("urn:seamline:test"));

    @Test
    void anEventOfTheClientsModel_isValid() {
        assertThat(LineageSchema.violations(valid())).isEmpty();
    }

    @Test
    void anEventWithoutItsProducer_isRefused() {
        ObjectNode event = (ObjectNode) LineageSchema.read(valid());
        event.remove("producer");

        assertThat(LineageSchema.violations(event.toString())).anyMatch(v -> v.contains("producer"));
    }

    @Test
    void anEventTimeThatIsNoTimestamp_isRefused() {
        ObjectNode event = (ObjectNode) LineageSchema.read(valid());
        event.put("eventTime", "yesterday");

        assertThat(LineageSchema.violations(event.toString())).anyMatch(v -> v.contains("eventTime"));
    }

    @Test
    void aColumnLineageFacetWithoutFields_isRefused() {
        ObjectNode event = (ObjectNode) LineageSchema.read(valid());
        ((ObjectNode) event.path("outputs").path(0).path("facets").path("columnLineage")).remove("fields");

        assertThat(LineageSchema.violations(event.toString())).anyMatch(v -> v.contains("columnLineage"));
    }

    @Test
    void aFacetOfAnUnknownSchema_isRefused() {
        ObjectNode event = (ObjectNode) LineageSchema.read(valid());
        ((ObjectNode) event.path("run").path("facets").path("errorMessage"))
                .put("_schemaURL", "https://example.com/Facet.json");

        assertThat(LineageSchema.violations(event.toString())).anyMatch(v -> v.contains("no schema here"));
    }

    private static String valid() {
        OpenLineage.ColumnLineageDatasetFacet columns = MODEL.newColumnLineageDatasetFacet(
                MODEL.newColumnLineageDatasetFacetFieldsBuilder().put("amount",
                        MODEL.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(List.of(
                                MODEL.newInputField("seamline", "warehouse.silver.order_lines", "amount",
                                        List.of(MODEL.newInputFieldTransformations("DIRECT", "IDENTITY", null,
                                                false))))).build()).build(), List.of());
        OpenLineage.RunEvent event = MODEL.newRunEventBuilder()
                .eventType(OpenLineage.RunEvent.EventType.FAIL)
                .eventTime(ZonedDateTime.parse("2026-12-06T07:00:00Z"))
                .run(MODEL.newRunBuilder().runId(UUID.randomUUID()).facets(MODEL.newRunFacetsBuilder()
                        .errorMessage(MODEL.newErrorMessageRunFacet("broken", "Java", null)).build()).build())
                .job(MODEL.newJobBuilder().namespace("seamline").name("warehouse").build())
                .inputs(List.of())
                .outputs(List.of(MODEL.newOutputDatasetBuilder().namespace("seamline").name("warehouse.gold.fact_sales")
                        .facets(MODEL.newDatasetFacetsBuilder().columnLineage(columns)
                                .version(MODEL.newDatasetVersionDatasetFacet("7")).build())
                        .build()))
                .build();
        return OpenLineageClientUtils.toJson(event);
    }
}
