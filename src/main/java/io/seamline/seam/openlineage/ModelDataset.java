package io.seamline.seam.openlineage;

import java.util.List;
import java.util.Map;

/**
 * A table or index a read model writes, as its lineage names it: {@code name} in the platform's namespace (e.g.
 * {@code warehouse.gold.daily_revenue}), its version when the store keeps one (null otherwise), and, for a table
 * derived by SQL, where each of its columns comes from ({@code fields}) and the columns that decide which rows it
 * has ({@code dataset}: joins, grouping, filters, order).
 */
public record ModelDataset(String name, Long version, Map<String, List<Source>> fields, List<Source> dataset) {

    /** How a column depends on one input column: OpenLineage's transformation type and subtype. */
    public enum Transformation {
        IDENTITY("DIRECT"), TRANSFORMATION("DIRECT"), AGGREGATION("DIRECT"),
        JOIN("INDIRECT"), GROUP_BY("INDIRECT"), FILTER("INDIRECT"), SORT("INDIRECT"), CONDITIONAL("INDIRECT");

        private final String type;

        Transformation(String type) {
            this.type = type;
        }

        /** DIRECT (the value is computed from the input) or INDIRECT (the input decides which rows or which branch). */
        public String type() {
            return type;
        }
    }

    /** One input column ({@code dataset}, in the platform's namespace, and {@code field}) and how it is used. */
    public record Source(String dataset, String field, Transformation transformation) {
    }

    public ModelDataset {
        fields = Map.copyOf(fields);
        dataset = List.copyOf(dataset);
    }

    /** A dataset with no column lineage. */
    public static ModelDataset of(String name, Long version) {
        return new ModelDataset(name, version, Map.of(), List.of());
    }
}
