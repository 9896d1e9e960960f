package io.spidernet.spiderpool.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The sweep's two pictures as SVG, drawn here so that the benchmark needs no plotting library and no
 * network: cost per allocation against pod count (one panel per measure, the smallest run's value
 * with its +20 % limit shaded where the acceptance asks for flatness), and the allocation latency's
 * distribution (share of ADDs answered within x ms, one line per pod count).
 */
final class StormPlots {
    private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};
    private static final int PANEL_W = 300;
    private static final int PANEL_H = 220;
    private static final int MARGIN = 55;

    /** One measure against pod count; {@code flatLimit}: shade the band up to 20 % above the first value. */
    record Measure(String title, double[] values, boolean flatLimit) {}

    /** One run's sorted latencies, in ms. */
    record Distribution(String label, double[] sortedMs) {}

    private StormPlots() {}

    static void cost(Path file, int[] pods, List<Measure> measures) throws IOException {
        int width = measures.size() * (PANEL_W + MARGIN) + MARGIN;
        StringBuilder svg = open(width, PANEL_H + 2 * MARGIN, "Storm cost per allocation against pod count (10 agents)");
        for (int m = 0; m < measures.size(); m++) {
            Measure measure = measures.get(m);
            double top = niceTop(Math.max(max(measure.values()), measure.flatLimit() ? measure.values()[0] * 1.2 : 0));
            Frame f = new Frame(MARGIN + m * (PANEL_W + MARGIN), MARGIN, 0, pods[pods.length - 1], 0, top);
            if (measure.flatLimit()) {
                double base = measure.values()[0];
                svg.append(String.format(Locale.ROOT, "<rect x='%.1f' y='%.1f' width='%d' height='%.1f' fill='#2ca02c' opacity='0.15'/>%n",
                        f.x(0), f.y(base * 1.2), PANEL_W, f.y(base) - f.y(base * 1.2)));
            }
            f.axes(svg, measure.title(), "pods", pods, 4);
            svg.append(polyline(f, toDoubles(pods), measure.values(), COLOURS[0], true));
        }
        Files.writeString(file, svg.append("</svg>\n"));
    }

    static void latency(Path file, List<Distribution> runs) throws IOException {
        double right = niceTop(runs.stream().mapToDouble(r -> r.sortedMs()[r.sortedMs().length - 1]).max().orElse(1));
        int width = 2 * PANEL_W + 2 * MARGIN;
        StringBuilder svg = open(width, 2 * PANEL_H + 2 * MARGIN, "Storm: share of CNI ADDs answered within x ms");
        Frame f = new Frame(MARGIN, MARGIN, 0, right, 0, 1, 2 * PANEL_W, 2 * PANEL_H);
        f.axes(svg, "share of ADDs", "allocation latency (ms)", null, 5);
        for (int i = 0; i < runs.size(); i++) {
            double[] all = runs.get(i).sortedMs();
            int points = Math.min(all.length, 1000); // enough for the eye, and a file of kilobytes
            double[] ms = new double[points];
            double[] share = new double[points];
            for (int k = 0; k < points; k++) {
                int rank = (int) Math.ceil((k + 1.0) / points * all.length);
                ms[k] = all[rank - 1];
                share[k] = (double) rank / all.length;
            }
            String colour = COLOURS[i % COLOURS.length];
            svg.append(polyline(f, ms, share, colour, false));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' fill='%s' font-size='13'>%s</text>%n",
                    f.x(right) - 150, f.y(0.05 + 0.07 * (runs.size() - 1 - i)), colour, esc(runs.get(i).label())));
        }
        Files.writeString(file, svg.append("</svg>\n"));
    }

    /** Data to pixels in one panel. */
    private record Frame(double left, double topPx, double x0, double x1, double y0, double y1, int w, int h) {
        Frame(double left, double topPx, double x0, double x1, double y0, double y1) {
            this(left, topPx, x0, x1, y0, y1, PANEL_W, PANEL_H);
        }

        double x(double v) {
            return left + (v - x0) / (x1 - x0) * w;
        }

        double y(double v) {
            return topPx + h - (v - y0) / (y1 - y0) * h;
        }

        /** Axes, ticks at {@code xTicks} (or evenly when null) and {@code yTicks} even steps, titles. */
        void axes(StringBuilder svg, String yTitle, String xTitle, int[] xTicks, int yTicks) {
            svg.append(String.format(Locale.ROOT, "<path d='M%.1f %.1f V%.1f H%.1f' stroke='black' fill='none'/>%n",
                    left, topPx, topPx + h, left + w));
            double[] xs = xTicks != null ? toDoubles(xTicks) : new double[] {x0, x0 + (x1 - x0) / 4, x0 + (x1 - x0) / 2, x0 + 3 * (x1 - x0) / 4, x1};
            for (double v : xs) {
                svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='11'>%s</text>%n",
                        x(v), topPx + h + 15, label(v)));
            }
            for (int t = 0; t <= yTicks; t++) {
                double v = y0 + (y1 - y0) * t / yTicks;
                svg.append(String.format(Locale.ROOT, "<line x1='%.1f' x2='%.1f' y1='%.1f' y2='%.1f' stroke='#ddd'/>"
                                + "<text x='%.1f' y='%.1f' text-anchor='end' font-size='11'>%s</text>%n",
                        left, left + w, y(v), y(v), left - 4, y(v) + 4, label(v)));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='12'>%s</text>%n",
                    left + w / 2.0, topPx + h + 32, esc(xTitle)));
            svg.append(String.format(Locale.ROOT, "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='13' font-weight='bold'>%s</text>%n",
                    left + w / 2.0, topPx - 8, esc(yTitle)));
        }
    }

    private static StringBuilder open(int width, int height, String title) {
        return new StringBuilder(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d'"
                + " font-family='sans-serif'>%n<rect width='100%%' height='100%%' fill='white'/>%n"
                + "<text x='%d' y='20' font-size='15'>%s</text>%n", width, height, MARGIN, esc(title)));
    }

    private static String polyline(Frame f, double[] xs, double[] ys, String colour, boolean dots) {
        StringBuilder points = new StringBuilder();
        StringBuilder marks = new StringBuilder();
        for (int i = 0; i < xs.length; i++) {
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", f.x(xs[i]), f.y(ys[i])));
            if (dots) {
                marks.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s'/>"
                                + "<text x='%.1f' y='%.1f' text-anchor='middle' font-size='11'>%s</text>%n",
                        f.x(xs[i]), f.y(ys[i]), colour, f.x(xs[i]), f.y(ys[i]) - 7, label(ys[i])));
            }
        }
        return String.format(Locale.ROOT, "<polyline points='%s' fill='none' stroke='%s' stroke-width='2'/>%n%s",
                points.toString().trim(), colour, marks);
    }

    /** 1, 2 or 5 times a power of ten, at least {@code v}: an axis end a reader can read. */
    static double niceTop(double v) {
        if (v <= 0) {
            return 1;
        }
        double p = Math.pow(10, Math.floor(Math.log10(v)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String label(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }

    private static double max(double[] vs) {
        double m = 0;
        for (double v : vs) {
            m = Math.max(m, v);
        }
        return m;
    }

    private static double[] toDoubles(int[] vs) {
        double[] out = new double[vs.length];
        for (int i = 0; i < vs.length; i++) {
            out[i] = vs[i];
        }
        return out;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
