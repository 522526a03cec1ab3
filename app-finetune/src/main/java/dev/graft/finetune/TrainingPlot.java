package dev.graft.finetune;

import dev.graft.core.io.IoReason;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** {@code training.png}: loss (train and dev) and dev accuracy against the step, drawn headless by XChart. */
public final class TrainingPlot {
    private TrainingPlot() {}

    public static void write(List<JsonNode> records, Path png) {
        System.setProperty("java.awt.headless", "true");
        XYChart loss = new XYChartBuilder().width(640).height(400).title("Loss").xAxisTitle("step").yAxisTitle("loss").build();
        XYChart acc = new XYChartBuilder().width(640).height(400).title("Dev accuracy").xAxisTitle("step")
                .yAxisTitle("accuracy").build();
        add(loss, "train", records, "step", "loss", false);
        add(loss, "dev", records, "eval", "loss", true);
        add(acc, "dev", records, "eval", "accuracy", true);
        try {
            BitmapEncoder.saveBitmap(List.of(loss, acc), 1, 2, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + png + ": " + IoReason.of(e), e);
        }
    }

    private static void add(XYChart chart, String name, List<JsonNode> records, String type, String field, boolean markers) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (JsonNode n : records) {
            if (type.equals(n.path("type").asText()) && n.hasNonNull(field)) {
                x.add(n.get("step").asDouble());
                y.add(n.get(field).asDouble());
            }
        }
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
    }
}
