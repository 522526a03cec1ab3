package dev.graft.eval;

import dev.graft.core.data.NliBatch;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliLabel;
import dev.graft.core.tokenize.Encoding;
import dev.graft.core.tokenize.TextTokenizer;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@code graft eval}: scores a model on NLI files and writes report.json, report.md, report.html and
 * predictions.jsonl into the output directory.
 *
 * <p>Every file is read whole (its counts and skips go into the report) and checked before anything is
 * written, so bad input leaves the output directory as it was; a run that starts removes an earlier
 * report there, and a run that fails removes what it wrote. Each file's labelled examples are
 * encoded once, sorted by token length and cut into batches, so padding costs little (the encodings
 * of a file are held together: about 100 bytes a token). Predictions are written and
 * flushed batch by batch. When the JVM is asked to stop (Ctrl-C, SIGTERM) a shutdown hook makes the
 * job stop after the batch in hand and write a report marked incomplete over what was scored.
 */
public final class EvalJob {
    /** How long the shutdown hook waits for the batch in hand and the reports. */
    private static final long SHUTDOWN_WAIT_S = 60;

    private final EvalConfig config;
    private final TextTokenizer tokenizer;
    private final Predictor predictor;
    private final ModelInfo model;
    private final EvalProgress progress;
    private final Consumer<String> notes;
    private volatile boolean stopRequested;
    private final CountDownLatch finished = new CountDownLatch(1);

    public EvalJob(EvalConfig config, TextTokenizer tokenizer, Predictor predictor, ModelInfo model,
            EvalProgress progress) {
        this(config, tokenizer, predictor, model, progress, line -> {});
    }

    /** @param notes told lines for the user (an earlier report replaced) */
    public EvalJob(EvalConfig config, TextTokenizer tokenizer, Predictor predictor, ModelInfo model,
            EvalProgress progress, Consumer<String> notes) {
        this.config = config;
        this.tokenizer = tokenizer;
        this.predictor = predictor;
        this.model = model;
        this.progress = progress;
        this.notes = notes;
    }

    /** Runs the job with a shutdown hook that turns Ctrl-C into an incomplete report. */
    public EvalReport run() {
        Thread hook = new Thread(this::onShutdown, "graft-eval-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return evaluate();
        } catch (RuntimeException | Error e) {
            if (stopRequested) {
                // the JVM halts once this method returns: say why the report is missing before it does
                System.err.println("graft eval: interrupted, and writing the report failed: " + e);
            }
            throw e;
        } finally {
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it returns now that the reports are written
            }
        }
    }

    /** Stops after the batch in hand; the report written is marked incomplete. */
    public void requestStop() {
        stopRequested = true;
    }

    private void onShutdown() {
        stopRequested = true;
        try {
            finished.await(SHUTDOWN_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private EvalReport evaluate() {
        Instant startedAt = Instant.now();
        long t0 = System.nanoTime();
        // Every file is read and matched to the head before --out is touched: bad input leaves it as it was.
        List<EvalInput> inputs = new ArrayList<>();
        for (Path file : config.data()) {
            inputs.add(EvalInput.read(file, config.read(), predictor.labels()));
        }
        List<String> removed = ReportFiles.prepare(config.out());
        if (!removed.isEmpty()) {
            notes.accept("replacing the earlier report in " + config.out() + ": removed " + String.join(", ", removed));
        }
        try {
            EvalReport report = scoreAll(inputs, startedAt, t0);
            ReportFiles.writeAll(report, config.out());
            return report;
        } catch (RuntimeException | Error e) {
            // a failed run leaves nothing behind that could pass for its report (an emptied predictions.jsonl …)
            try {
                ReportFiles.remove(config.out());
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    private EvalReport scoreAll(List<EvalInput> inputs, Instant startedAt, long t0) {
        List<Section> sections = new ArrayList<>();
        boolean complete = true;
        try (PredictionWriter writer = PredictionWriter.open(config.out().resolve(ReportFiles.PREDICTIONS))) {
            for (EvalInput input : inputs) {
                if (stopRequested) {
                    complete = false;
                    break;
                }
                Section s = evaluateFile(input, writer);
                sections.add(s);
                if (!s.complete()) {
                    complete = false;
                    break;
                }
            }
        } finally {
            progress.finish();
        }
        return new EvalReport(model, predictor.labels(), sections, complete, (System.nanoTime() - t0) / 1e9,
                startedAt.toString(), config.batchSize(), config.resamples(), config.seed());
    }

    private Section evaluateFile(EvalInput input, PredictionWriter writer) {
        List<NliExample> labelled = input.labelled();
        LabelMapping mapping = input.mapping();
        String name = ReportFiles.sectionName(input.file());

        long t0 = System.nanoTime();
        Pass main = score(labelled, mapping, name, writer);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Metrics metrics = Metrics.compute(mapping.classes(), main.gold(), main.predicted(), main.probs(),
                config.resamples(), config.seed());
        Section.Probes probes = null;
        if (config.probes() && main.complete()) {
            probes = probes(labelled, mapping, name, main);
        }
        return new Section(name, input.file().toString(), ReportFiles.sha256(input.file()), input.format(),
                input.counts(), input.unlabelled(), labelled.size(), mapping.view(), metrics, twoWayAccuracy(main, mapping),
                genres(main), probes, seconds, main.complete() && (probes != null || !config.probes()));
    }

    /** Scores {@code examples} in length-sorted batches; stops early when asked to. */
    private Pass score(List<NliExample> examples, LabelMapping mapping, String task, PredictionWriter writer) {
        int n = examples.size();
        Pass pass = new Pass(n);
        if (n == 0) {
            return pass;
        }
        // Each pair is encoded once; rows are sorted by length (stable) so a batch pads to little.
        List<Encoding> encodings = new ArrayList<>(n);
        for (NliExample e : examples) {
            encodings.add(tokenizer.encodePair(e.premise(), e.hypothesis()));
        }
        Integer[] order = new Integer[n];
        java.util.Arrays.setAll(order, i -> i);
        java.util.Arrays.sort(order, java.util.Comparator.comparingInt(i -> encodings.get(i).length()));
        progress.start(task, n);
        for (int from = 0; from < n; from += config.batchSize()) {
            List<NliExample> rows = new ArrayList<>();
            List<Encoding> encoded = new ArrayList<>();
            for (int k = from; k < Math.min(n, from + config.batchSize()); k++) {
                rows.add(examples.get(order[k]));
                encoded.add(encodings.get(order[k]));
            }
            NliBatch batch = NliBatch.pad(rows, encoded, tokenizer.padId(), mapping.view());
            if (stopRequested) {
                return pass.stopped();
            }
            float[][] logits = predictor.logits(batch);
            for (int i = 0; i < batch.size(); i++) {
                pass.add(batch.examples().get(i), batch.labels()[i], mapping.score(logits[i]));
            }
            if (writer != null) {
                writer.write(task, batch, pass, mapping.classes());
            }
            progress.advance(batch.size());
        }
        return pass;
    }

    private Section.Probes probes(List<NliExample> examples, LabelMapping mapping, String name, Pass main) {
        List<NliExample> noPremise = new ArrayList<>(examples.size());
        List<NliExample> noHypothesis = new ArrayList<>(examples.size());
        for (NliExample e : examples) {
            noPremise.add(new NliExample(e.id(), "", e.hypothesis(), e.label(), e.genre(), e.promptId(), e.source()));
            noHypothesis.add(new NliExample(e.id(), e.premise(), "", e.label(), e.genre(), e.promptId(), e.source()));
        }
        Pass hyp = score(noPremise, mapping, name + " (hypothesis only)", null);
        if (!hyp.complete()) {
            return null;
        }
        Pass prem = score(noHypothesis, mapping, name + " (premise only)", null);
        if (!prem.complete()) {
            return null;
        }
        long[] perClass = new long[mapping.classes().size()];
        for (int g : main.gold()) {
            perClass[g]++;
        }
        long majority = 0;
        for (long c : perClass) {
            majority = Math.max(majority, c);
        }
        return new Section.Probes(examples.size(), hyp.accuracy(), prem.accuracy(), (double) majority / examples.size());
    }

    /** Accuracy with neutral and contradiction merged, the HANS view of a 3-way prediction. */
    private static double twoWayAccuracy(Pass pass, LabelMapping mapping) {
        List<NliLabel> classes = mapping.classes();
        int[] gold = pass.gold();
        int[] predicted = pass.predicted();
        long hits = 0;
        for (int i = 0; i < gold.length; i++) {
            if (classes.get(gold[i]).twoWay() == classes.get(predicted[i]).twoWay()) {
                hits++;
            }
        }
        return gold.length == 0 ? 0 : (double) hits / gold.length;
    }

    private static Map<String, Section.GenreScore> genres(Pass pass) {
        Map<String, long[]> tally = new TreeMap<>();
        int[] gold = pass.gold();
        int[] predicted = pass.predicted();
        for (int i = 0; i < gold.length; i++) {
            String genre = pass.examples().get(i).genre();
            if (genre != null) {
                long[] t = tally.computeIfAbsent(genre, g -> new long[2]);
                t[0]++;
                t[1] += gold[i] == predicted[i] ? 1 : 0;
            }
        }
        Map<String, Section.GenreScore> out = new TreeMap<>();
        tally.forEach((g, t) -> out.put(g, new Section.GenreScore(t[0], (double) t[1] / t[0])));
        return out;
    }
}
