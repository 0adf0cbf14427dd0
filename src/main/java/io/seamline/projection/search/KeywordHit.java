package io.seamline.projection.search;

/** One product a keyword query found, with its BM25 score and what a result list shows of it. */
record KeywordHit(String productId, float score, String title, String category) {
}
