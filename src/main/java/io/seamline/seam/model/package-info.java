/**
 * What a read model is ({@link io.seamline.seam.model.ReadModel}) and the plumbing every one shares: discovery, the
 * consumer loop that feeds them, and background replays with progress from the one topic reader.
 */
package io.seamline.seam.model;
