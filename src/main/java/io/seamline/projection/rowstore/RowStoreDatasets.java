package io.seamline.projection.rowstore;

import io.seamline.seam.openlineage.ModelDataset;
import io.seamline.seam.openlineage.ModelDatasets;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * The row store's tables as its lineage names them ({@code rowstore.rowstore_product}, {@code rowstore.rowstore_order}):
 * PostgreSQL keeps no versions of them, so they carry none.
 */
@ApplicationScoped
class RowStoreDatasets implements ModelDatasets {

    @Override
    public String model() {
        return RowStoreProjection.CONSUMER;
    }

    @Override
    public List<ModelDataset> datasets() {
        return List.of(ModelDataset.of(model() + "." + RowStoreTables.LIVE.products, null),
                ModelDataset.of(model() + "." + RowStoreTables.LIVE.orders, null));
    }
}
