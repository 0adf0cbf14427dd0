/**
 * The columnar read model: consumer group warehouse lands raw events in bronze, folds current state into silver and
 * facts and a dashboard view into gold (one package per layer), over Arrow files with point-in-time reads; this
 * package runs the pipeline, its commits, rebuilds and queries.
 */
package io.seamline.projection.warehouse;
