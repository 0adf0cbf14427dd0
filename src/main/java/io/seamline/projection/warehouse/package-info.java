/**
 * The columnar read model: consumer group warehouse lands raw events in bronze, folds current state into silver and
 * facts and a dashboard view into gold, over Arrow files with point-in-time reads.
 */
package io.seamline.projection.warehouse;
