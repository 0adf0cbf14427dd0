/**
 * What the Product aggregate takes and emits: its commands and its versioned events, the payloads the event
 * catalogue (eventstore/) describes.
 */
package io.seamline.product.api;
