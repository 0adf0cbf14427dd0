package io.seamline.projection.warehouse;

import io.seamline.projection.warehouse.bronze.BronzeSchemas;
import io.seamline.projection.warehouse.gold.GoldSchemas;
import io.seamline.projection.warehouse.silver.SilverSchemas;
import io.seamline.projection.warehouse.table.ArrowTable;
import io.seamline.projection.warehouse.table.Sync;
import io.seamline.seam.model.Generations;
import org.apache.arrow.vector.types.pojo.Schema;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

    private static final Logger LOG = Logger.getLogger(WarehouseTables.class);

    /** The layout this build writes; 2 named bronze's schema-version column {@code schema_version} (1: version). */
    static final String LAYOUT = "2";
    private static final String LAYOUT_FILE = "LAYOUT";

    private final Path root;
    private final Map<String, ArrowTable> tables = new LinkedHashMap<>();

    private WarehouseTables(Path root) {
        this.root = root;
    }

    /**
     * The live generation behind the link {@code live}, made a new empty one when the live one holds tables of an
     * older {@link #LAYOUT} (their files' columns differ): the writer then lands the topic again from its start, as
     * on a first start. The old generation stays as {@code <live>.previous} until the next swap.
     */
    static Path liveGeneration(Path live) throws IOException {
        Path generation = Generations.liveByLink(live);
        if (readable(generation)) {
            return generation;
        }
        LOG.warnf("%s holds tables of an older layout than %s: starting a new generation, landed again from the topic",
                generation, LAYOUT);
        Path fresh = Generations.fresh(live);
        Files.createDirectories(fresh);
        Generations.swapInByLink(live, fresh);
        return live.toRealPath();
    }

    /** Whether this build reads the tables under {@code root}: there are none yet, or they are of its layout. */
    static boolean readable(Path root) {
        Path layout = root.resolve(LAYOUT_FILE);
        try {
            return Files.exists(layout) ? LAYOUT.equals(Files.readString(layout, StandardCharsets.UTF_8).strip())
                    : !Files.exists(root.resolve("bronze"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Opens (or creates) the live tables under {@code root}, reading their manifests; each commit is durable. */
    public static WarehouseTables open(Path root, Clock clock) {
        return open(root, clock, Sync.EACH_COMMIT);
    }

    /**
     * Opens (or creates) the tables of a generation being built under {@code root}, which force nothing to disk as
     * they commit: the swap that makes the generation live forces its whole tree first, and a crash before it leaves
     * the live generation serving and this one abandoned.
     */
    public static WarehouseTables openForRebuild(Path root, Clock clock) {
        return open(root, clock, Sync.AT_SWAP);
    }

    private static WarehouseTables open(Path root, Clock clock, Sync sync) {
        markLayout(root);
        WarehouseTables warehouse = new WarehouseTables(root);
        declare(warehouse, clock, sync, "bronze", "events", BronzeSchemas.EVENTS);
        declare(warehouse, clock, sync, "bronze", "quarantine", BronzeSchemas.QUARANTINE);
        declare(warehouse, clock, sync, "silver", "products", SilverSchemas.PRODUCTS);
        declare(warehouse, clock, sync, "silver", "orders", SilverSchemas.ORDERS);
        declare(warehouse, clock, sync, "silver", "order_lines", SilverSchemas.ORDER_LINES);
        declare(warehouse, clock, sync, "gold", "fact_sales", GoldSchemas.FACT_SALES);
        declare(warehouse, clock, sync, "gold", "daily_revenue", GoldSchemas.DAILY_REVENUE);
        return warehouse;
    }

    private static void markLayout(Path root) {
        try {
            Files.createDirectories(root);
            if (!Files.exists(root.resolve(LAYOUT_FILE))) {
                Files.writeString(root.resolve(LAYOUT_FILE), LAYOUT + "\n", StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void declare(WarehouseTables warehouse, Clock clock, Sync sync, String layer, String name,
                                Schema schema) {
        String id = layer + "." + name;
        warehouse.tables.put(id, ArrowTable.open(warehouse.root.resolve(layer).resolve(name), id, schema, clock, sync));
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

    /**
     * Hard-links bronze's committed files (events and quarantine: validated when they landed, never changed once
     * written) into the same places under the warehouse root {@code target}, adding what bronze committed since an
     * earlier call; returns the files added. The caller keeps bronze's writer still meanwhile.
     */
    public long linkBronzeInto(Path target) throws IOException {
        long linked = 0;
        for (ArrowTable table : List.of(bronzeEvents(), quarantine())) {
            linked += table.linkInto(target.resolve(root.relativize(table.dir()).toString()));
        }
        return linked;
    }

    public ArrowTable bronzeEvents() {
        return get("bronze.events");
    }

    public ArrowTable quarantine() {
        return get("bronze.quarantine");
    }
}
