/**
 * The warehouse's gold layer: sales facts and the daily revenue dashboard view, kept up to date from silver's
 * changes, with the row mappings and schemas of gold's tables.
 */
package io.seamline.projection.warehouse.gold;
