/**
 * The row read model: products and orders in PostgreSQL tables, fed by consumer group rowstore in batched
 * upserts with its watermark in the same transaction, replayed into *_rebuild tables swapped in one transaction.
 */
package io.seamline.projection.rowstore;
