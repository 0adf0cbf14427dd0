/**
 * The warehouse's silver layer: the current state of products, orders and order lines folded from bronze events,
 * what each change means for gold, and the row mappings and schemas of silver's tables.
 */
package io.seamline.projection.warehouse.silver;
