package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.nn.ParameterPaths;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input stops before training with a message naming the problem; non-finite losses stop or are skipped. */
class FinetuneErrorsTest {
    @TempDir
    Path tmp;

    private FinetuneConfig small(Path model, Path out) {
        FinetuneConfig c = ResumeTest.config(out);
        return FinetuneConfig.of(model, "full", c.train(), c.dev(), out).withTokenizer(c.tokenizer(), 64)
                .withTraining(1, 1e-3, 16, 5).withFlags(false, true, false);
    }

    @Test
    void badOptionsAreRefusedWhenTheConfigIsMade() {
        FinetuneConfig c = small(TinyNli.model(), tmp.resolve("out"));
        assertThatThrownBy(() -> FinetuneConfig.of(c.model(), "lorax", c.train(), c.dev(), c.out()))
                .hasMessageContaining("unknown method 'lorax'")
                .hasMessageContaining("available: features, head, full, lora, adapter, prefix, prompt, ia3, bitfit");
        assertThatThrownBy(() -> c.withTraining(1, 0, 16, 5)).hasMessageContaining("learning rate must be > 0, got 0.0");
        assertThatThrownBy(() -> c.withTraining(0, 1e-3, 16, 5)).hasMessageContaining("epochs must be >= 1");
        assertThatThrownBy(() -> c.withOptimizer(0, 0.01, 1.0, 0)).hasMessageContaining("gradient accumulation");
        assertThatThrownBy(() -> c.withOptimizer(0, Double.NaN, 1.0, 1))
                .hasMessageContaining("weight decay and clip norm must be finite and >= 0, got 0, NaN, 1.0");
        assertThatThrownBy(() -> c.withOptimizer(0, 0.01, Double.NaN, 1))
                .hasMessageContaining("weight decay and clip norm must be finite and >= 0, got 0, 0.01, NaN");
    }

    @Test
    void aMaxLengthBeyondThePositionTableIsCutWithANote() {
        FinetuneConfig c = small(TinyNli.model(), tmp.resolve("long"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FinetuneResult r = FinetuneJob.run(c.withTokenizer(c.tokenizer(), 512), new PrintStream(log, true));
        assertThat(r.steps()).isEqualTo(60);
        assertThat(log.toString()).contains("note: --max-length 512 is more than the model's 64 positions"
                + " (max_position_embeddings); inputs are cut to 64 tokens");
    }

    @Test
    void aTokenizerWithIdsTheModelLacksIsRefusedNamingBoth() throws Exception {
        Path tokenizer = tmp.resolve("bigger-tokenizer");
        Files.createDirectories(tokenizer);
        ObjectMapper json = new ObjectMapper();
        ObjectNode tree = (ObjectNode) json.readTree(TinyNli.tokenizer().resolve("tokenizer.json").toFile());
        tree.withArray("added_tokens").addObject().put("id", 5000).put("content", "[EXTRA]").put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        json.writeValue(tokenizer.resolve("tokenizer.json").toFile(), tree);
        FinetuneConfig c = small(TinyNli.model(), tmp.resolve("out"));
        assertThatThrownBy(() -> FinetuneJob.run(c.withTokenizer(tokenizer, 64), quiet()))
                .hasMessageContaining("the tokenizer " + tokenizer.resolve("tokenizer.json") + " makes ids up to 5000 but the"
                        + " model " + TinyNli.model() + " has vocab_size ")
                .hasMessageContaining("it is not this model's tokenizer; use the one the model was trained with");
    }

    @Test
    void emptyDataAndForeignLabelsStopBeforeTraining() throws Exception {
        Path empty = tmp.resolve("empty.jsonl");
        Files.writeString(empty, "");
        FinetuneConfig c = small(TinyNli.model(), tmp.resolve("out"));
        FinetuneConfig onEmpty = FinetuneConfig.of(c.model(), "full", empty, c.dev(), c.out())
                .withTokenizer(c.tokenizer(), 64).withFlags(false, true, false);
        assertThatThrownBy(() -> FinetuneJob.run(onEmpty, quiet())).hasMessageContaining(empty.toString())
                .hasMessageContaining("is empty");

        Path yesNo = tmp.resolve("yes-no");
        copyModel(TinyNli.model(), yesNo);
        ObjectNode config = (ObjectNode) new ObjectMapper().readTree(yesNo.resolve("config.json").toFile());
        config.putObject("id2label").put("0", "yes").put("1", "no").put("2", "maybe");
        new ObjectMapper().writeValue(yesNo.resolve("config.json").toFile(), config);
        assertThatThrownBy(() -> FinetuneJob.run(small(yesNo, tmp.resolve("out2")), quiet()))
                .hasMessageContaining("is not among the model's labels [yes, no, maybe]")
                .hasMessageContaining("labels are [contradiction, entailment, neutral]");
        assertThat(tmp.resolve("out2")).doesNotExist();
    }

    @Test
    void nonFiniteLossStopsNamingTheStepOrIsSkippedAndCounted() throws Exception {
        Path broken = tmp.resolve("nan-model");
        try (PretrainedEncoder enc = PretrainedEncoder.load(TinyNli.model(), Device.cpu(), false)) {
            ParameterPaths.of(enc.model()).forEach((path, p) -> {
                if (path.equals("classifier.out.bias")) {
                    float[] nan = new float[(int) p.getArray().getShape().size()];
                    Arrays.fill(nan, Float.NaN);
                    p.getArray().set(FloatBuffer.wrap(nan));
                }
            });
            enc.save(broken);
        }
        assertThatThrownBy(() -> FinetuneJob.run(small(broken, tmp.resolve("stop")), quiet()))
                .isInstanceOf(NonFiniteLossException.class).hasMessageContaining("non-finite loss NaN at step 1")
                .hasMessageContaining("--skip-nonfinite");
        FinetuneResult r = FinetuneJob.run(small(broken, tmp.resolve("skip")).withFlags(false, true, true), quiet());
        assertThat(r.skippedSteps()).isEqualTo(r.steps()).isEqualTo(60);
    }

    @Test
    void earlyStoppingAfterPatienceEvaluationsWithoutGain() {
        // lr so small that dev accuracy cannot change: the second evaluation is no gain, patience 1 stops there
        FinetuneConfig c = small(TinyNli.model(), tmp.resolve("patience")).withTraining(1, 1e-12, 16, 5)
                .withIntervals(5, 0, 2, 1);
        FinetuneResult r = FinetuneJob.run(c, quiet());
        assertThat(r.stoppedEarly()).isTrue();
        assertThat(r.steps()).isEqualTo(10);
        assertThat(r.bestStep()).isEqualTo(5);
    }

    private static void copyModel(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            Files.copy(from.resolve(f), to.resolve(f));
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream());
    }
}
