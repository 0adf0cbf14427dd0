package io.seamline.projection.search;

import io.seamline.domain.Money;

/**
 * One product a keyword query found, with its BM25 score and what a result list shows of it: title, category path,
 * price (null if it has none) and rating (null where the catalogue has none).
 */
record KeywordHit(String productId, float score, String title, String category, Money price, Double rating) {
}
