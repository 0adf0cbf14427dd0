/**
 * The warehouse's bronze layer: Kafka records landed unchanged in {@code bronze.events}, or refused into
 * {@code bronze.quarantine}, with the row mappings and schemas of both tables.
 */
package io.seamline.projection.warehouse.bronze;
