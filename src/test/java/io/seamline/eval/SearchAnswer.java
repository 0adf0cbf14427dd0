package io.seamline.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.seamline.projection.search.RankedHit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One answer of {@code GET /api/search}: its hits, best first, and each index's watermark
 * ({@code "watermark": {"bm25": {"lastGlobalIndex": N}, "vector": {"lastGlobalIndex": N}}}).
 */
public record SearchAnswer(List<RankedHit> hits, Map<String, Long> watermarks) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public SearchAnswer {
        hits = List.copyOf(hits);
        watermarks = Map.copyOf(watermarks);
    }

    public static SearchAnswer parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("not a search answer: " + abbreviate(json), e);
        }
        JsonNode hitsNode = root.path("hits");
        if (!hitsNode.isArray()) {
            throw new IllegalArgumentException("a search answer without a hits array: " + abbreviate(json));
        }
        List<RankedHit> hits = new ArrayList<>();
        for (JsonNode hit : hitsNode) {
            if (!hit.path("productId").isTextual() || !hit.path("score").isNumber()) {
                throw new IllegalArgumentException("a hit without productId or numeric score: " + hit);
            }
            hits.add(new RankedHit(hit.get("productId").asText(), hit.get("score").asDouble()));
        }
        Map<String, Long> watermarks = new LinkedHashMap<>();
        root.path("watermark").properties().forEach(e -> {
            JsonNode index = e.getValue().path("lastGlobalIndex");
            if (index.isIntegralNumber()) {
                watermarks.put(e.getKey(), index.asLong());
            }
        });
        return new SearchAnswer(hits, watermarks);
    }

    /** The hits' product ids, best first. */
    public List<String> productIds() {
        return hits.stream().map(RankedHit::productId).toList();
    }

    /** The lowest watermark of the named indexes, -1 when one of them reports none. */
    public long watermarkOf(List<String> indexes) {
        long min = Long.MAX_VALUE;
        for (String index : indexes) {
            min = Math.min(min, watermarks.getOrDefault(index, -1L));
        }
        return indexes.isEmpty() ? -1 : min;
    }

    private static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ");
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
