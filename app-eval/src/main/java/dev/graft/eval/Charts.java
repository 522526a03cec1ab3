package dev.graft.eval;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's charts, drawn by XChart as SVG text (server-side; the HTML embeds them). */
final class Charts {
    static {
        System.setProperty("java.awt.headless", "true");
        // VectorGraphics2D encodes raster parts (the heat-map legend) through ImageIO, whose default disk
        // cache registers a shutdown hook: that fails while the JVM is stopping (the Ctrl-C report).
        javax.imageio.ImageIO.setUseCache(false);
    }

    private Charts() {}

    /** Gold by predicted counts as a heat map. */
    static String confusion(Metrics m, String title) {
        HeatMapChart chart = new HeatMapChartBuilder().width(520).height(440).title(title).xAxisTitle("predicted")
                .yAxisTitle("gold").build();
        List<String> names = new ArrayList<>();
        m.classes().forEach(l -> names.add(l.label()));
        List<Number[]> cells = new ArrayList<>();
        int c = names.size();
        for (int g = 0; g < c; g++) {
            for (int p = 0; p < c; p++) {
                // y runs bottom-up: put the first gold class on top, as a confusion matrix reads
                cells.add(new Number[] {p, c - 1 - g, m.confusion()[g][p]});
            }
        }
        List<String> goldTopDown = new ArrayList<>(names);
        java.util.Collections.reverse(goldTopDown);
        chart.addSeries("counts", names, goldTopDown, cells);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setRangeColors(new Color[] {new Color(0xF7FBFF), new Color(0x6BAED6), new Color(0x4292C6)});
        chart.getStyler().setLegendVisible(true);
        return svg(chart);
    }

    /** Accuracy against mean confidence per bin, with the diagonal of perfect calibration. */
    static String reliability(Calibration cal, String title) {
        XYChart chart = new XYChartBuilder().width(520).height(440).title(title).xAxisTitle("confidence")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setXAxisMin(0.0).setXAxisMax(1.0).setYAxisMin(0.0).setYAxisMax(1.0);
        XYSeries diag = chart.addSeries("perfect calibration", new double[] {0, 1}, new double[] {0, 1});
        diag.setMarker(SeriesMarkers.NONE);
        diag.setLineColor(Color.GRAY);
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Calibration.Bin b : cal.bins()) {
            if (b.count() > 0) {
                x.add(b.confidence());
                y.add(b.accuracy());
            }
        }
        if (!x.isEmpty()) {
            XYSeries s = chart.addSeries(String.format(java.util.Locale.ROOT, "bins (ECE %.3f)", cal.ece()), x, y);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        }
        return svg(chart);
    }

    /** Accuracy per genre as bars. */
    static String genres(java.util.Map<String, Section.GenreScore> genres, String title) {
        CategoryChart chart = new CategoryChartBuilder().width(620).height(400).title(title).xAxisTitle("genre")
                .yAxisTitle("accuracy").build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0).setLegendVisible(false);
        List<String> names = new ArrayList<>(genres.keySet());
        List<Double> acc = new ArrayList<>();
        genres.values().forEach(g -> acc.add(g.accuracy()));
        chart.addSeries("accuracy", names, acc);
        return svg(chart);
    }

    private static String svg(Chart<?, ?> chart) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            VectorGraphicsEncoder.saveVectorGraphic(chart, out, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            return out.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw chart " + chart.getTitle(), e);
        }
    }
}
