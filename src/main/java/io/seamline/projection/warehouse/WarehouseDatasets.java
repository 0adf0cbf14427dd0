package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.sql.DuckDbArrow;
import io.seamline.projection.warehouse.sql.SqlColumnLineage;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.seam.openlineage.ModelDataset;
import io.seamline.seam.openlineage.ModelDatasets;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.arrow.vector.types.pojo.Field;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The warehouse's tables as its lineage names them, {@code warehouse.<layer>.<table>}, at their current versions; each
 * gold table with the column lineage of its SQL definition ({@code projections/warehouse/gold/<table>.sql}), which
 * names silver tables as SQL does ({@code silver_orders} is {@code warehouse.silver.orders}).
 */
@ApplicationScoped
class WarehouseDatasets implements ModelDatasets {

    static final String GOLD_SQL = "projections/warehouse/gold/";

    private final WarehousePipeline pipeline;
    /** Per gold table, the lineage of its SQL: derived once, as the definitions ship with the service. */
    private volatile Map<String, SqlColumnLineage.Lineage> gold;

    WarehouseDatasets(WarehousePipeline pipeline) {
        this.pipeline = pipeline;
    }

    @Override
    public String model() {
        return WarehousePipeline.CONSUMER;
    }

    @Override
    public List<ModelDataset> datasets() {
        WarehouseTables tables = pipeline.tables();
        Map<String, SqlColumnLineage.Lineage> derived = gold(tables);
        List<ModelDataset> datasets = new ArrayList<>();
        new TreeMap<>(tables.all()).forEach((id, table) -> {
            long version = table.current().version();
            SqlColumnLineage.Lineage lineage = derived.get(id);
            datasets.add(lineage == null ? ModelDataset.of(datasetName(id), version)
                    : new ModelDataset(datasetName(id), version, renamed(lineage.fields()),
                    renamedSources(lineage.dataset())));
        });
        return datasets;
    }

    private Map<String, SqlColumnLineage.Lineage> gold(WarehouseTables tables) {
        Map<String, SqlColumnLineage.Lineage> known = gold;
        if (known == null) {
            known = derive(tables);
            gold = known;
        }
        return known;
    }

    /** The lineage of every gold table that has a SQL definition on the class path. */
    static Map<String, SqlColumnLineage.Lineage> derive(WarehouseTables tables) {
        Map<String, SqlColumnLineage.Lineage> lineage = new TreeMap<>();
        try (Connection duckdb = DuckDbArrow.open()) {
            for (String id : tables.all().keySet()) {
                Optional<String> sql = definition(id);
                if (sql.isPresent()) {
                    lineage.put(id, SqlColumnLineage.of(duckdb, sql.get(), name -> columns(tables, name)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("DuckDB could not parse the gold definitions", e);
        }
        return lineage;
    }

    /** The SQL that defines table {@code id} ({@code gold.daily_revenue}), if it has one. */
    private static Optional<String> definition(String id) {
        if (!id.startsWith("gold.")) {
            return Optional.empty();
        }
        String resource = GOLD_SQL + id.substring("gold.".length()) + ".sql";
        try (InputStream in = WarehouseDatasets.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + resource, e);
        }
    }

    /** The columns of a table as SQL names it ({@code silver_orders}); empty for a name the warehouse lacks. */
    private static List<String> columns(WarehouseTables tables, String sqlName) {
        int cut = sqlName.indexOf('_');
        if (cut < 0) {
            return List.of();
        }
        return tables.find(sqlName.substring(0, cut), sqlName.substring(cut + 1))
                .map(ArrowTable::schema).map(schema -> schema.getFields().stream().map(Field::getName).toList())
                .orElse(List.of());
    }

    /** {@code silver.orders} and {@code silver_orders} both as {@code warehouse.silver.orders}. */
    static String datasetName(String table) {
        int cut = table.contains(".") ? table.indexOf('.') : table.indexOf('_');
        return WarehousePipeline.CONSUMER + "." + table.substring(0, cut) + "." + table.substring(cut + 1);
    }

    private static Map<String, List<ModelDataset.Source>> renamed(Map<String, List<ModelDataset.Source>> fields) {
        Map<String, List<ModelDataset.Source>> renamed = new TreeMap<>();
        fields.forEach((column, sources) -> renamed.put(column, renamedSources(sources)));
        return renamed;
    }

    private static List<ModelDataset.Source> renamedSources(List<ModelDataset.Source> sources) {
        return sources.stream().map(s -> new ModelDataset.Source(datasetName(s.dataset()), s.field(),
                s.transformation())).toList();
    }
}
