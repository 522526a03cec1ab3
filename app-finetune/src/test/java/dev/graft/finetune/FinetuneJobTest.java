package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.graft.core.data.BatchConfig;
import dev.graft.core.data.NliBatcher;
import dev.graft.core.data.NliExample;
import dev.graft.core.data.NliReader;
import dev.graft.core.data.ReadOptions;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;

/** Both methods learn the synthetic NLI set above chance, and the saved best model gives back its dev accuracy. */
class FinetuneJobTest {
    @TempDir
    Path tmp;

    /**
     * {@code full} from the random tiny BERT; then {@code head} on the body that run trained (our stand-in
     * for a pretrained encoder: a random body gives the head nothing to read), with the classifier reset.
     */
    @Test
    void fullAndHeadTrainAboveChanceAndBestReloads() throws Exception {
        FinetuneResult full = runAndCheck("full", TinyNli.model(), 2e-3, 0.42);
        Path body = tmp.resolve("trained-body");
        resetClassifier(tmp.resolve("full/best"), body);
        FinetuneConfig probe = TinyNli.config("head", tmp);
        assertThat(devAccuracy(body, probe)).as("zeroed classifier").isLessThan(0.40); // the share of class 0
        FinetuneResult head = runAndCheck("head", body, 1e-2, 0.42);
        assertThat(head.trainablePercent()).isLessThan(5); // the classifier and nothing of the body
        assertThat(full.trainableParameters()).isEqualTo(full.totalParameters());
    }

    private FinetuneResult runAndCheck(String method, Path model, double lr, double atLeast) throws Exception {
        Path out = tmp.resolve(method);
        FinetuneConfig tiny = TinyNli.config(method, out).withTraining(5, lr, 32, 7).withIntervals(50, 50, 2, 0);
        FinetuneConfig config = FinetuneConfig.of(model, method, tiny.train(), tiny.dev(), out)
                .withTokenizer(tiny.tokenizer(), tiny.maxLength()).withTraining(5, lr, 32, 7)
                .withOptimizer(10, 0.01, 1.0, 1).withIntervals(50, 50, 2, 0).withFlags(false, true, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FinetuneResult r = FinetuneJob.run(config, new PrintStream(log, true, StandardCharsets.UTF_8));
        System.out.printf("%s: best dev accuracy %.4f at step %d of %d, %.1f s%n", method, r.bestDevAccuracy(),
                r.bestStep(), r.steps(), r.seconds());

        assertThat(log.toString(StandardCharsets.UTF_8)).containsPattern("method " + method
                + ": [\\d,]+ of [\\d,]+ parameters trainable \\(\\d+\\.\\d\\d%\\)");
        assertThat(log.toString(StandardCharsets.UTF_8)).as("a run that learns").doesNotContain("warning: the best dev");
        assertThat(r.bestDevAccuracy()).isGreaterThan(atLeast); // chance is 1/3 (balanced labels)
        for (String f : List.of("metrics.jsonl", "training.png", "run.json", "best/config.json", "best/model.safetensors")) {
            assertThat(out.resolve(f)).exists();
        }
        assertThat(TestFiles.checkpoints(out)).hasSizeBetween(1, 3); // 2 newest + the best

        JsonNode run = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        assertThat(run.get("method").asText()).isEqualTo(method);
        assertThat(run.get("best_dev_accuracy").asDouble()).isEqualTo(r.bestDevAccuracy());
        assertThat(run.get("steps").asLong()).isEqualTo(r.steps());
        List<String> lines = Files.readAllLines(out.resolve("metrics.jsonl"));
        assertThat(lines).anyMatch(l -> l.contains("\"type\":\"eval\"")).anyMatch(l -> l.contains("\"type\":\"step\""));

        assertThat(devAccuracy(out.resolve("best"), config)).as("best/ reloaded").isEqualTo(r.bestDevAccuracy());
        return r;
    }

    /** Copies a model with its classifier zeroed: every logit equal, so it predicts class 0 for every row. */
    static void resetClassifier(Path from, Path to) {
        try (PretrainedEncoder enc = PretrainedEncoder.load(from, Device.cpu(), false)) {
            ParameterPaths.of(enc.model()).forEach((path, p) -> {
                if (path.startsWith("classifier.")) {
                    p.getArray().set(java.nio.FloatBuffer.wrap(new float[(int) p.getArray().getShape().size()]));
                }
            });
            enc.save(to);
        }
    }

    /** Dev accuracy of a saved model directory, evaluated from scratch. */
    static double devAccuracy(Path modelDir, FinetuneConfig config) {
        List<NliExample> dev;
        try (var s = NliReader.stream(config.dev(), ReadOptions.defaults())) {
            dev = s.collect(Collectors.toList());
        }
        try (PretrainedEncoder enc = PretrainedEncoder.load(modelDir, Device.cpu(), false);
                HfTokenizer tok = HfTokenizer.load(config.tokenizerDir(), TokenizerOptions.of(config.maxLength()))) {
            LabelMap labels = LabelMap.of(enc.config().id2label());
            NliBatchSource source = new NliBatchSource(new NliBatcher(dev, tok, BatchConfig.inOrder(config.batchSize()),
                    labels.view()), labels);
            return Trainer.evaluate(enc.model(), enc.manager(), source).accuracy();
        }
    }
}
