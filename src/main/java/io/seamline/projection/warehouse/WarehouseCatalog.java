package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.sql.WarehouseSql;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.TableManifest;
import org.apache.arrow.vector.types.pojo.Field;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the warehouse holds, layer by layer: each table's columns (name, Arrow type, nullable), its current version
 * with when it was committed, its rows and watermark, and the range of versions it retains for asOf reads. Read from
 * the tables' manifests alone: no data file is opened.
 */
public record WarehouseCatalog(List<Layer> layers) {

    /** One layer (bronze, silver, gold) and its tables. */
    public record Layer(String layer, List<Table> tables) {
    }

    /**
     * One table: {@code id} as the table endpoints name it ({@code layer.table}), {@code sqlName} as SQL does
     * ({@code layer_table}); {@code rows} counts the current version's rows (summed from its manifest).
     */
    public record Table(String id, String table, String sqlName, List<Column> columns, long tableVersion,
                        Instant committedAt, long rows, Versions retainedVersions,
                        TableManifest.Watermark watermark) {
    }

    /** A column: its name, its Arrow type as Arrow prints it ({@code Utf8}, {@code Int(64, true)}, ...). */
    public record Column(String name, String arrowType, boolean nullable) {
    }

    /** The oldest and newest version a table retains: asOf may name any version between them. */
    public record Versions(long oldest, long newest) {
    }

    /** The catalogue of {@code tables} as they are now. */
    static WarehouseCatalog of(WarehouseTables tables) {
        Map<String, List<Table>> layers = new LinkedHashMap<>();
        for (ArrowTable table : tables.list()) {
            String id = table.name();
            String layer = id.substring(0, id.indexOf('.'));
            layers.computeIfAbsent(layer, l -> new ArrayList<>()).add(table(table));
        }
        List<Layer> answer = new ArrayList<>();
        layers.forEach((layer, list) -> answer.add(new Layer(layer, List.copyOf(list))));
        return new WarehouseCatalog(List.copyOf(answer));
    }

    /** The ids of every table, for a message naming them. */
    public List<String> tableIds() {
        return layers.stream().flatMap(layer -> layer.tables().stream()).map(Table::id).toList();
    }

    private static Table table(ArrowTable table) {
        List<TableManifest> versions = table.versions();
        TableManifest current = table.current();
        List<Column> columns = table.schema().getFields().stream()
                .map((Field f) -> new Column(f.getName(), f.getType().toString(), f.isNullable())).toList();
        String id = table.name();
        return new Table(id, id.substring(id.indexOf('.') + 1), WarehouseSql.sqlName(id), columns, current.version(),
                current.committedAt(), current.rows(),
                versions.isEmpty() ? new Versions(current.version(), current.version())
                        : new Versions(versions.getFirst().version(), versions.getLast().version()),
                current.watermark());
    }
}
