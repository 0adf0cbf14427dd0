package io.seamline.seam.openlineage;

import io.micrometer.core.instrument.MeterRegistry;
import io.openlineage.client.OpenLineage;
import io.openlineage.client.OpenLineageClient;
import io.openlineage.client.transports.HttpConfig;
import io.openlineage.client.transports.HttpTransport;
import io.openlineage.client.transports.Transport;
import io.quarkus.arc.All;
import io.seamline.platform.KafkaClients;
import io.seamline.platform.PlatformConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Builds the read models' OpenLineage run events with the OpenLineage client's model and sends them through its
 * transport: JSON lines under {@code <seamline.data.dir>/lineage} by default, a Marquez-compatible endpoint when
 * {@code seamline.openlineage.url} is set. An event that cannot be sent is logged and dropped: lineage never holds up
 * or fails a consumer or a replay.
 */
@ApplicationScoped
class LineageEmitter {

    /** Who produced the events, as the spec asks: this package of the platform. */
    static final URI PRODUCER = URI.create("urn:seamline:openlineage");
    /** The custom input facet with the topic offsets a run read. */
    static final String OFFSETS_FACET = "seamline_kafkaOffsets";
    /** The table Axon keeps the event store in. */
    static final String EVENT_STORE = "eventstore.domainevententry";
    private static final Logger LOG = Logger.getLogger(LineageEmitter.class);

    private final OpenLineageConfig config;
    private final OpenLineage model = new OpenLineage(PRODUCER);
    private final Map<String, ModelDatasets> datasets = new LinkedHashMap<>();
    private final String topic;
    private final String kafkaNamespace;
    private final Transport transport;
    private final OpenLineageClient client;

    LineageEmitter(OpenLineageConfig config, PlatformConfig platform, KafkaClients kafka,
                   @All List<ModelDatasets> models, MeterRegistry registry) {
        this.config = config;
        models.forEach(m -> datasets.put(m.model(), m));
        this.topic = platform.topic();
        // the OpenLineage naming convention for Kafka: kafka://{first bootstrap server}
        this.kafkaNamespace = "kafka://" + kafka.bootstrapServers().split(",")[0].strip();
        this.transport = transport(config, Path.of(platform.data().dir(), "lineage"));
        this.client = OpenLineageClient.builder().transport(transport).meterRegistry(registry).build();
    }

    /**
     * The client's HTTP transport to {@code seamline.openlineage.url} when it is set (a Marquez-compatible endpoint:
     * its {@code /api/v1/lineage} unless the url has a path), else JSON lines in {@code seamline.openlineage.dir}, by
     * default {@code dataLineage}.
     */
    static Transport transport(OpenLineageConfig config, Path dataLineage) {
        if (config.url().isEmpty()) {
            return new JsonLinesTransport(config.dir().map(Path::of).orElse(dataLineage));
        }
        HttpConfig http = new HttpConfig();
        http.setUrl(URI.create(config.url().get()));
        http.setTimeoutInMillis((int) config.timeout().toMillis());
        return new HttpTransport(http);
    }

    boolean enabled() {
        return config.enabled();
    }

    OpenLineage model() {
        return model;
    }

    /**
     * The event of {@code type} for a run of {@code job} (a read model) at {@code at}: streaming for a commit, batch for
     * a replay.
     */
    OpenLineage.RunEvent event(OpenLineage.RunEvent.EventType type, UUID runId, String job, Instant at,
                               boolean batch, OpenLineage.RunFacets runFacets,
                               List<OpenLineage.InputDataset> inputs, List<OpenLineage.OutputDataset> outputs) {
        OpenLineage.JobFacets jobFacets = model.newJobFacetsBuilder()
                .jobType(model.newJobTypeJobFacet(batch ? "BATCH" : "STREAMING", "SEAMLINE",
                        batch ? "REPLAY" : "READ_MODEL"))
                .build();
        return model.newRunEventBuilder()
                .eventType(type)
                .eventTime(ZonedDateTime.ofInstant(at, ZoneOffset.UTC))
                .run(model.newRunBuilder().runId(runId).facets(runFacets).build())
                .job(model.newJobBuilder().namespace(config.namespace()).name(job).facets(jobFacets).build())
                .inputs(inputs)
                .outputs(outputs)
                .build();
    }

    /**
     * The topic as an input dataset, with the offsets the run read per partition: from {@code from} (inclusive) to
     * {@code to} (the next offset, exclusive).
     */
    OpenLineage.InputDataset topic(Map<Integer, Long> from, Map<Integer, Long> to) {
        List<Map<String, Object>> partitions = new ArrayList<>();
        new TreeMap<>(to).forEach((partition, next) -> {
            Map<String, Object> range = new LinkedHashMap<>();
            range.put("partition", partition);
            range.put("fromOffset", from.getOrDefault(partition, next));
            range.put("nextOffset", next);
            partitions.add(range);
        });
        OpenLineage.DefaultInputDatasetFacet offsets = new OpenLineage.DefaultInputDatasetFacet(PRODUCER);
        offsets.getAdditionalProperties().put("topic", topic);
        offsets.getAdditionalProperties().put("partitions", partitions);
        return model.newInputDatasetBuilder().namespace(kafkaNamespace).name(topic)
                .inputFacets(model.newInputDatasetInputFacetsBuilder().put(OFFSETS_FACET, offsets).build())
                .build();
    }

    /** The event store, read by a replay filled from it rather than from the topic. */
    OpenLineage.InputDataset eventStore() {
        return model.newInputDatasetBuilder().namespace(config.namespace()).name(EVENT_STORE).build();
    }

    /**
     * What {@code readModel} writes, as it is now: with versions and column lineage when {@code current}, by name only
     * (a run that has not written yet) otherwise.
     */
    List<OpenLineage.OutputDataset> outputs(String readModel, boolean current) {
        List<ModelDataset> written = Optional.ofNullable(datasets.get(readModel)).map(ModelDatasets::datasets)
                .orElse(List.of(ModelDataset.of(readModel, null)));
        List<OpenLineage.OutputDataset> outputs = new ArrayList<>();
        for (ModelDataset dataset : written) {
            OpenLineage.OutputDatasetBuilder output = model.newOutputDatasetBuilder()
                    .namespace(config.namespace()).name(dataset.name());
            if (current) {
                output.facets(facets(dataset));
            }
            outputs.add(output.build());
        }
        return outputs;
    }

    private OpenLineage.DatasetFacets facets(ModelDataset dataset) {
        OpenLineage.DatasetFacetsBuilder facets = model.newDatasetFacetsBuilder();
        if (dataset.version() != null) {
            facets.version(model.newDatasetVersionDatasetFacet(String.valueOf(dataset.version())));
        }
        if (!dataset.fields().isEmpty()) {
            OpenLineage.ColumnLineageDatasetFacetFieldsBuilder fields = model.newColumnLineageDatasetFacetFieldsBuilder();
            new TreeMap<>(dataset.fields()).forEach((column, sources) -> fields.put(column,
                    model.newColumnLineageDatasetFacetFieldsAdditionalBuilder().inputFields(inputFields(sources))
                            .build()));
            facets.columnLineage(model.newColumnLineageDatasetFacet(fields.build(), inputFields(dataset.dataset())));
        }
        return facets.build();
    }

    private List<OpenLineage.InputField> inputFields(List<ModelDataset.Source> sources) {
        return sources.stream().map(source -> model.newInputField(config.namespace(), source.dataset(),
                source.field(), List.of(model.newInputFieldTransformations(source.transformation().type(),
                        source.transformation().name(), null, false)))).toList();
    }

    /** Sends the event; a failure (the endpoint down, the disk full) is logged, never thrown. */
    void emit(OpenLineage.RunEvent event) {
        try {
            client.emit(event);
        } catch (RuntimeException e) {
            LOG.warnf("OpenLineage %s event of %s (run %s) not sent: %s", event.getEventType(),
                    event.getJob().getName(), event.getRun().getRunId(), e.toString());
        }
    }

    /** The file the events go to, when they go to one. */
    Optional<Path> file() {
        return transport instanceof JsonLinesTransport lines ? Optional.of(lines.file()) : Optional.empty();
    }

    @PreDestroy
    void close() {
        try {
            client.close();
        } catch (Exception e) {
            LOG.debugf("closing the OpenLineage client: %s", e);
        }
    }
}
