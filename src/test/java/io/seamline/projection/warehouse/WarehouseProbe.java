package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.http.ApiFixtures;
import io.seamline.support.KafkaFixtures;
import jakarta.inject.Singleton;
import io.seamline.projection.warehouse.table.TableScan;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/** What the warehouse tests look at: the topic's ends, the pipeline catching up, and table contents. */
@Singleton
class WarehouseProbe {

    /** Set when a row lands, so it differs between a table and its rebuild by design. */
    static final Set<String> LANDING_TIMES = Set.of("ingested_at", "quarantined_at");

    private final WarehousePipeline pipeline;
    private final KafkaFixtures kafka;
    private final String topic;

    WarehouseProbe(WarehousePipeline pipeline, KafkaFixtures kafka, @ConfigProperty(name = "seamline.topic") String topic) {
        this.pipeline = pipeline;
        this.kafka = kafka;
        this.topic = topic;
    }

    /** The next offset of every partition of the topic. */
    Map<Integer, Long> endOffsets() {
        return kafka.endOffsets(topic);
    }

    /**
     * Waits until the relay has published the whole log and bronze has judged every record on the topic then. A
     * command's 201 comes before the relay publishes its event: the topic's ends alone could be read too early.
     */
    void awaitLanded() {
        ApiFixtures.awaitCaughtUp("relay");
        Map<Integer, Long> end = endOffsets();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            Map<Integer, Long> landed = pipeline.tables().bronzeEvents().current().watermark().kafkaOffsets();
            return end.entrySet().stream().allMatch(e -> landed.getOrDefault(e.getKey(), 0L) >= e.getValue());
        });
    }

    /**
     * Waits until bronze has every record on the topic and all five refined tables reflect what bronze holds: the
     * same Kafka offsets (a compaction adds a bronze version, not data, so versions are not compared).
     */
    void awaitRefined() {
        awaitLanded();
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            WarehouseTables tables = pipeline.tables();
            Map<Integer, Long> bronze = tables.bronzeEvents().current().watermark().kafkaOffsets();
            return tables.all().values().stream().filter(t -> !t.name().startsWith("bronze."))
                    .allMatch(t -> t.current().watermark().kafkaOffsets().equals(bronze));
        });
    }

    /** Every row of every table as text, minus the landing times. */
    Map<String, List<String>> snapshot() {
        Map<String, List<String>> tables = new LinkedHashMap<>();
        for (ArrowTable table : pipeline.tables().all().values()) {
            List<String> rows = new ArrayList<>();
            scan(table.name(), null, batch -> {
                for (int i = 0; i < batch.getRowCount(); i++) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (FieldVector vector : batch.getFieldVectors()) {
                        if (!LANDING_TIMES.contains(vector.getName())) {
                            row.put(vector.getName(), String.valueOf(vector.getObject(i)));
                        }
                    }
                    rows.add(row.toString());
                }
            });
            tables.put(table.name(), rows);
        }
        return tables;
    }

    /** One column of the current version of a table, as text. */
    List<String> column(String table, String column) {
        List<String> values = new ArrayList<>();
        scan(table, List.of(column), batch -> {
            FieldVector vector = batch.getVector(column);
            for (int i = 0; i < batch.getRowCount(); i++) {
                values.add(vector.isNull(i) ? null : String.valueOf(vector.getObject(i)));
            }
        });
        return values;
    }

    /** Reads the current version of a table, batch by batch. */
    void scan(String id, List<String> columns, Consumer<VectorSchemaRoot> sink) {
        ArrowTable table = pipeline.tables().get(id);
        try (BufferAllocator allocator = new RootAllocator()) {
            TableScan.scan(table, table.current(), columns, p -> true, allocator, batch -> {
                sink.accept(batch);
                return true;
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
