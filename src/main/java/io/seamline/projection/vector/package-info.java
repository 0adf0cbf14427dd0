/**
 * The vector read model: MiniLM sentence embeddings of title and description in a jvector graph saved with its
 * offsets, fed by consumer group vectors; exact below a catalogue size, the graph above it.
 */
package io.seamline.projection.vector;
