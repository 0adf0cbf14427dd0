/**
 * The keyword read model: a Lucene BM25 index committed with its Kafka offsets, fed by consumer group search, and
 * hybrid search fusing its ranking with the vector index's.
 */
package io.seamline.projection.search;
