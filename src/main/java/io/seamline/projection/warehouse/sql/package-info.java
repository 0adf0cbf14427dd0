/**
 * The sealed SQL endpoint's engine: a statement is parsed and checked before DuckDB runs it over the
 * columns and days it names, within time, memory, disk, row and concurrency limits.
 */
package io.seamline.projection.warehouse.sql;
