package io.seamline.seam.openlineage;

import java.util.List;

/**
 * What a read model tells its lineage about the tables and indexes it writes, now: a CDI bean per model that has
 * them. A model without one is lineage's single dataset named after the model, without a version.
 */
public interface ModelDatasets {

    /** The read model's name, as {@code io.seamline.seam.model.ReadModel#name}. */
    String model();

    /** Its tables and indexes as they are now, with their current versions. */
    List<ModelDataset> datasets();
}
