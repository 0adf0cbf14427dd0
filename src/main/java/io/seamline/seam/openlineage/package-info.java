/**
 * OpenLineage run events for every read model: each projection commit (at most one run per model and interval) and
 * each replay is a run of the model's job, reading the topic's offsets (or the event store) and writing the model's
 * tables and indexes at their versions, with column lineage where a model derives its columns from SQL. Written as
 * JSON lines under the data directory, or sent to a Marquez-compatible endpoint, through the OpenLineage Java client.
 */
package io.seamline.seam.openlineage;
