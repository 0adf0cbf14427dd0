package io.seamline.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tuning curve as a hand-written SVG: one panel per data set, recall@10 on x, CPU QPS (queries per CPU second of
 * the searching thread, steady on shared cores) on a log scale on y, one line
 * per engine and M (candidates rising along it), brute force as a dotted line and the recall target as a rule.
 */
final class VectorTuningChart {

    private static final int PANEL_W = 560;
    private static final int PANEL_H = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;
    private static final int LEGEND_H = 90;
    private static final String[] COLOURS = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"};

    private VectorTuningChart() {
    }

    static String svg(List<VectorDataSet> sets, List<VectorTuningPoint> points, double target) {
        int width = PANEL_W * sets.size();
        int height = PANEL_H + LEGEND_H;
        StringBuilder svg = new StringBuilder();
        svg.append(f("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
                + "font-family=\"sans-serif\" font-size=\"11\">\n", width, height, width, height));
        svg.append(f("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>\n", width, height));
        List<Integer> degrees = points.stream().filter(VectorTuningPoint::sweep).map(VectorTuningPoint::maxDegree)
                .filter(m -> m > 0).distinct().sorted().toList();
        for (int i = 0; i < sets.size(); i++) {
            panel(svg, sets.get(i), points, degrees, target, i * PANEL_W);
        }
        legend(svg, degrees, PANEL_H + 10);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void panel(StringBuilder svg, VectorDataSet set, List<VectorTuningPoint> all, List<Integer> degrees,
                              double target, int x0) {
        List<VectorTuningPoint> points = all.stream().filter(p -> p.dataSet().equals(set.name()) && p.sweep()).toList();
        double minRecall = points.stream().mapToDouble(VectorTuningPoint::recall).min().orElse(0);
        double xMin = Math.max(0, Math.floor(minRecall * 20) / 20);
        double yMinLog = Math.floor(Math.log10(points.stream().mapToDouble(VectorTuningPoint::cpuQps).min().orElse(1)));
        double yMaxLog = Math.ceil(Math.log10(points.stream().mapToDouble(VectorTuningPoint::cpuQps).max().orElse(10)));
        if (yMaxLog <= yMinLog) {
            yMaxLog = yMinLog + 1;
        }
        int plotW = PANEL_W - LEFT - RIGHT;
        int plotH = PANEL_H - TOP - BOTTOM;
        double xMinF = xMin;
        double yLo = yMinLog;
        double yHi = yMaxLog;
        Axis x = r -> x0 + LEFT + (r - xMinF) / (1 - xMinF) * plotW;
        Axis y = q -> TOP + plotH - (Math.log10(q) - yLo) / (yHi - yLo) * plotH;

        svg.append(f("<text x=\"%d\" y=\"20\" font-size=\"13\" font-weight=\"bold\">%s: %,d vectors, %,d queries</text>\n",
                x0 + LEFT, esc(set.name()), set.base().length, set.queries().length));
        // grid and axes
        for (double r = xMin; r <= 1.0001; r += 0.05) {
            double px = x.at(r);
            svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eee\"/>\n", px, TOP, px, TOP + plotH));
            svg.append(f("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%.2f</text>\n", px, TOP + plotH + 15, r));
        }
        for (double e = yMinLog; e <= yMaxLog + 1e-9; e++) {
            for (int m = 1; m < 10; m++) {
                double q = m * Math.pow(10, e);
                if (Math.log10(q) > yMaxLog + 1e-9) {
                    break;
                }
                double py = y.at(q);
                svg.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\"/>\n", x0 + LEFT, py,
                        x0 + LEFT + plotW, py, m == 1 ? "#ddd" : "#f5f5f5"));
                if (m == 1) {
                    svg.append(f("<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%,.0f</text>\n", x0 + LEFT - 5, py + 4, q));
                }
            }
        }
        svg.append(f("<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>\n", x0 + LEFT,
                TOP, plotW, plotH));
        svg.append(f("<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">recall@10</text>\n", x0 + LEFT + plotW / 2,
                TOP + plotH + 35));
        svg.append(f("<text transform=\"translate(%d,%d) rotate(-90)\" text-anchor=\"middle\">CPU QPS, one thread (log)</text>\n",
                x0 + 18, TOP + plotH / 2));
        // the recall target
        double tx = x.at(target);
        svg.append(f("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"2,3\"/>\n", tx,
                TOP, tx, TOP + plotH));
        svg.append(f("<text x=\"%.1f\" y=\"%d\" fill=\"#666\" text-anchor=\"end\">target %.2f</text>\n", tx - 3, TOP + 12,
                target));
        // brute force
        points.stream().filter(p -> p.engine().equals(VectorTuningPoint.BRUTE_FORCE)).findFirst().ifPresent(b -> {
            double py = y.at(b.cpuQps());
            svg.append(f("<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#444\" stroke-dasharray=\"1,3\"/>\n",
                    x0 + LEFT, py, x0 + LEFT + plotW, py));
            svg.append(f("<text x=\"%d\" y=\"%.1f\" fill=\"#444\">brute force %,.0f CPU QPS</text>\n", x0 + LEFT + 5, py - 4,
                    b.cpuQps()));
        });
        // one line per engine and M
        Map<String, List<VectorTuningPoint>> curves = points.stream().filter(p -> p.maxDegree() > 0)
                .collect(Collectors.groupingBy(VectorTuningPoint::curve, LinkedHashMap::new, Collectors.toList()));
        for (List<VectorTuningPoint> curve : curves.values()) {
            List<VectorTuningPoint> c = new ArrayList<>(curve);
            c.sort(Comparator.comparingInt(VectorTuningPoint::candidates));
            VectorTuningPoint first = c.getFirst();
            boolean jvector = first.engine().equals(VectorTuningPoint.JVECTOR);
            String colour = COLOURS[Math.max(0, degrees.indexOf(first.maxDegree())) % COLOURS.length];
            String path = c.stream().map(p -> f("%.1f,%.1f", x.at(p.recall()), y.at(p.cpuQps())))
                    .collect(Collectors.joining(" "));
            svg.append(f("<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"1.8\"%s><title>%s</title></polyline>\n",
                    path, colour, jvector ? "" : " stroke-dasharray=\"6,3\"", esc(first.curve())));
            for (VectorTuningPoint p : c) {
                svg.append(marker(jvector, x.at(p.recall()), y.at(p.cpuQps()), colour,
                        f("%s, candidates %d: recall %.3f, %,.0f CPU QPS, %,.0f QPS", p.curve(), p.candidates(),
                                p.recall(), p.cpuQps(), p.qps())));
            }
        }
    }

    private static void legend(StringBuilder svg, List<Integer> degrees, int y0) {
        int x = LEFT;
        svg.append(f("<text x=\"%d\" y=\"%d\" font-weight=\"bold\">Lines: one per engine and M; points along a line: candidates %s</text>\n",
                x, y0 + 12, "rising (left to right)"));
        int row = y0 + 32;
        for (String engine : List.of(VectorTuningPoint.JVECTOR, VectorTuningPoint.LUCENE)) {
            boolean jvector = engine.equals(VectorTuningPoint.JVECTOR);
            svg.append(f("<text x=\"%d\" y=\"%d\">%s%s</text>\n", x, row + 4, esc(engine),
                    jvector ? " (solid, circles)" : " (dashed, squares)"));
            int lx = x + 190;
            for (int i = 0; i < degrees.size(); i++) {
                String colour = COLOURS[i % COLOURS.length];
                svg.append(f("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"1.8\"%s/>\n", lx,
                        row, lx + 30, row, colour, jvector ? "" : " stroke-dasharray=\"6,3\""));
                svg.append(marker(jvector, lx + 15, row, colour, null));
                svg.append(f("<text x=\"%d\" y=\"%d\">M=%d</text>\n", lx + 36, row + 4, degrees.get(i)));
                lx += 90;
            }
            row += 22;
        }
    }

    private static String marker(boolean circle, double x, double y, String colour, String title) {
        String t = title == null ? "" : "<title>" + esc(title) + "</title>";
        return circle
                ? f("<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">%s</circle>\n", x, y, colour, t)
                : f("<rect x=\"%.1f\" y=\"%.1f\" width=\"6\" height=\"6\" fill=\"white\" stroke=\"%s\" stroke-width=\"1.5\">%s</rect>\n",
                x - 3, y - 3, colour, t);
    }

    /** A position on one of the chart's axes. */
    @FunctionalInterface
    private interface Axis {
        double at(double value);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
