package io.seamline.eval;

import io.seamline.projection.search.Fusion;
import io.seamline.projection.search.RankedHit;

import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/** One fusion method with its parameter (RRF's constant c, or the linear fusion's BM25 weight w), applied with the production {@link Fusion}. */
public record FusionSetting(Method method, double parameter) {

    /** The two fusion methods of {@code /api/search}'s {@code fusion} parameter. */
    public enum Method { RRF, LINEAR }

    /** The RRF constants cross-validation chooses from. */
    public static final List<Integer> RRF_GRID = List.of(1, 5, 10, 20, 40, 60, 100, 200);

    public static FusionSetting rrf(int c) {
        return new FusionSetting(Method.RRF, c);
    }

    public static FusionSetting linear(double bm25Weight) {
        return new FusionSetting(Method.LINEAR, bm25Weight);
    }

    /** RRF with each constant of {@link #RRF_GRID}, in that order. */
    public static List<FusionSetting> rrfGrid() {
        return RRF_GRID.stream().map(FusionSetting::rrf).toList();
    }

    /** Linear with w = 0.0, 0.1, …, 1.0, in that order. */
    public static List<FusionSetting> linearGrid() {
        return IntStream.rangeClosed(0, 10).mapToObj(i -> linear(i / 10.0)).toList();
    }

    /** The production defaults: RRF with c = 60, linear with w = 0.5. */
    public static FusionSetting defaultFor(Method method) {
        return method == Method.RRF ? rrf(Fusion.DEFAULT_RRF_C) : linear(Fusion.DEFAULT_LINEAR_WEIGHT);
    }

    /** The fused ranking's product ids, best first. */
    public List<String> rank(List<RankedHit> bm25, List<RankedHit> vector) {
        List<Fusion.FusedHit> fused = method == Method.RRF ? Fusion.rrf(bm25, vector, (int) parameter)
                : Fusion.linear(bm25, vector, parameter);
        return fused.stream().map(Fusion.FusedHit::productId).toList();
    }

    /** The {@code fusion} parameter's value: "rrf" or "linear". */
    public String fusionName() {
        return method.name().toLowerCase(Locale.ROOT);
    }

    /** E.g. "rrf c=60", "linear w=0.5". */
    public String label() {
        return method == Method.RRF ? "rrf c=" + (int) parameter : String.format(Locale.ROOT, "linear w=%.1f", parameter);
    }
}
