package io.seamline.projection.search;

/** A search the keyword index refuses to ask: more words than one Lucene query may hold clauses for. */
public class QueryTooComplex extends RuntimeException {

    QueryTooComplex(String message) {
        super(message);
    }
}
