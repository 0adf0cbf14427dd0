package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeSchemas;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.projection.warehouse.table.ArrowTable;
import org.apache.arrow.vector.types.pojo.Schema;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every table of the warehouse, opened from {@code <root>/<layer>/<table>}: bronze events and quarantine, silver
 * products, orders and order lines, gold sales facts and the daily revenue view.
 */
public final class WarehouseTables {

    private final Path root;
    private final Map<String, ArrowTable> tables = new LinkedHashMap<>();

    private WarehouseTables(Path root) {
        this.root = root;
    }

    /** Opens (or creates) the tables under {@code root}, reading their manifests. */
    public static WarehouseTables open(Path root, Clock clock) {
        WarehouseTables warehouse = new WarehouseTables(root);
        declare(warehouse, clock, "bronze", "events", BronzeSchemas.EVENTS);
        declare(warehouse, clock, "bronze", "quarantine", BronzeSchemas.QUARANTINE);
        declare(warehouse, clock, "silver", "products", SilverSchemas.PRODUCTS);
        declare(warehouse, clock, "silver", "orders", SilverSchemas.ORDERS);
        declare(warehouse, clock, "silver", "order_lines", SilverSchemas.ORDER_LINES);
        declare(warehouse, clock, "gold", "fact_sales", GoldSchemas.FACT_SALES);
        declare(warehouse, clock, "gold", "daily_revenue", GoldSchemas.DAILY_REVENUE);
        return warehouse;
    }

    private static void declare(WarehouseTables warehouse, Clock clock, String layer, String name, Schema schema) {
        String id = layer + "." + name;
        warehouse.tables.put(id, ArrowTable.open(warehouse.root.resolve(layer).resolve(name), id, schema, clock));
    }

    public Path root() {
        return root;
    }

    /** The table {@code layer.name}, if the warehouse has one. */
    public Optional<ArrowTable> find(String layer, String name) {
        return Optional.ofNullable(tables.get(layer + "." + name));
    }

    public ArrowTable get(String id) {
        ArrowTable table = tables.get(id);
        if (table == null) {
            throw new IllegalArgumentException("no warehouse table " + id);
        }
        return table;
    }

    /** Every table, layer by layer (bronze, silver, gold) in the order they are declared. */
    public List<ArrowTable> list() {
        return List.copyOf(tables.values());
    }

    public Map<String, ArrowTable> all() {
        return Map.copyOf(tables);
    }

    public ArrowTable bronzeEvents() {
        return get("bronze.events");
    }

    public ArrowTable quarantine() {
        return get("bronze.quarantine");
    }
}
