/**
 * The one consumer loop every read model is fed by: polling, decoding, retries, the sequence guard that makes
 * at-least-once delivery effectively-once, stored positions, and the observers told of every batch and refusal.
 */
package io.seamline.seam.consume;
