package io.seamline.projection.search;

import io.seamline.seam.consume.StoredPosition;

import java.util.List;

/** The ranked hits of a keyword query and the position in the log the index answered at. */
record KeywordResult(List<KeywordHit> hits, StoredPosition position) {
}
