package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MLM pretraining of a tiny BERT on the synthetic NLI pairs, and fine-tuning from what it saves. */
class PretrainJobTest {
    @TempDir
    Path tmp;

    static PretrainConfig tiny(Path out, int epochs) {
        return PretrainConfig.of(TinyNli.tokenizer(), List.of(TinyNli.small().resolve("train.jsonl")), out)
                .withShape(2, 32, 2, 64, 64)
                .withTraining(PretrainConfig.options(epochs, 2e-3, 7, 10), 32)
                .withFlags(false, true);
    }

    @Test
    void pretrainingLowersMlmLossBeatsUnigramAndFinetunesFromTheSavedModel() throws Exception {
        Path out = tmp.resolve("pretrain");
        PretrainResult r = PretrainJob.run(tiny(out, 4));
        System.out.printf("pretrain: dev MLM loss %.4f -> %.4f (perplexity %.1f -> %.1f), masked accuracy %.4f vs"
                + " unigram %.4f, %d steps, %.1f s%n", r.initialDevLoss(), r.bestDevLoss(), Math.exp(r.initialDevLoss()),
                Math.exp(r.bestDevLoss()), r.bestDevAccuracy(), r.unigramBaseline(), r.steps(), r.seconds());
        assertThat(r.bestDevLoss()).as("dev loss per masked token").isLessThan(r.initialDevLoss() - 1.5);
        assertThat(r.bestDevAccuracy()).isGreaterThan(r.unigramBaseline() + 0.05);
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            assertThat(r.model().resolve(f)).isRegularFile();
        }
        assertThat(out.resolve("metrics.jsonl")).isRegularFile();
        assertThat(out.resolve("training.png")).isRegularFile();
        assertThat(TestFiles.checkpoints(out)).isNotEmpty();

        // the saved model reloads bit for bit: saving it again writes the same bytes, and it scores its dev loss again
        Path again = tmp.resolve("again");
        try (PretrainedEncoder m = PretrainedEncoder.load(r.model(), Device.cpu(), false)) {
            assertThat(m.model().task()).isEqualTo(EncoderTask.MASKED_LM);
            m.save(again);
        }
        assertThat(Files.readAllBytes(again.resolve("model.safetensors")))
                .isEqualTo(Files.readAllBytes(r.model().resolve("model.safetensors")));

        // fine-tuning starts a classifier on the pretrained body, as HF does with num_labels
        FinetuneConfig ft = TinyNli.config("full", tmp.resolve("ft"));
        ft = FinetuneConfig.of(r.model(), "full", TinyNli.small().resolve("train.jsonl"),
                TinyNli.small().resolve("dev.jsonl"), tmp.resolve("ft")).withTokenizer(r.model(), 64)
                .withTraining(1, 1e-3, 32, 7).withFlags(false, true, false);
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        FinetuneResult fr = FinetuneJob.run(ft, new PrintStream(log, true, StandardCharsets.UTF_8));
        String note = log.toString(StandardCharsets.UTF_8);
        System.out.print(note);
        assertThat(note).contains("masked-LM model: a new classifier for [entailment, neutral, contradiction]")
                .contains("classifier.weight").contains("cls.predictions");
        assertThat(fr.steps()).isEqualTo(30);
        try (PretrainedEncoder best = PretrainedEncoder.load(tmp.resolve("ft/best"), Device.cpu(), false)) {
            assertThat(best.model().task()).isEqualTo(EncoderTask.SEQUENCE_CLASSIFICATION);
            assertThat(best.config().id2label()).containsValues("entailment", "neutral", "contradiction");
        }
        assertThat(tmp.resolve("ft/best/tokenizer.json")).as("best/ loads with its tokenizer").isRegularFile();

        // LoRA on the new classifier: the adapter names out/base, the start it needs (body, seeded head and
        // pooler), and base + adapter reproduce the run's dev accuracy
        FinetuneConfig lora = FinetuneConfig.of(r.model(), "lora", TinyNli.small().resolve("train.jsonl"),
                TinyNli.small().resolve("dev.jsonl"), tmp.resolve("lora")).withTokenizer(r.model(), 64)
                .withTraining(1, 5e-3, 32, 7).withFlags(false, true, false);
        FinetuneResult l = FinetuneJob.run(lora, new PrintStream(new ByteArrayOutputStream()));
        Path base = tmp.resolve("lora/base");
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json")) {
            assertThat(base.resolve(f)).isRegularFile();
        }
        assertThat(ModelOutputs.base(lora)).isEqualTo(base);
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(tmp.resolve("lora/best/adapter_config.json")
                .toFile()).path("base_model_name_or_path").asText()).isEqualTo(base.toString());
        assertThat(FinetuneMethodsTest.reloaded("lora", lora)).isCloseTo(l.bestDevAccuracy(), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void resumeAfterTheLastCheckpointIsANoOpAndKeepsTheModel() {
        Path out = tmp.resolve("resume");
        PretrainResult first = PretrainJob.run(tiny(out, 1));
        PretrainResult resumed = PretrainJob.run(tiny(out, 1).withFlags(true, true));
        assertThat(resumed.resumedFromStep()).isEqualTo(first.steps());
        assertThat(resumed.steps()).isEqualTo(first.steps());
    }

    @Test
    void badInputsStopWithAMessage() throws Exception {
        Path empty = Files.writeString(tmp.resolve("empty.txt"), "\n  \n");
        assertThatThrownBy(() -> PretrainJob.run(PretrainConfig.of(TinyNli.tokenizer(), List.of(empty), tmp.resolve("o"))))
                .hasMessageContaining("empty.txt: no text to pretrain on (2 lines, none with text)");
        Path jsonl = Files.writeString(tmp.resolve("docs.jsonl"), "{\"text\": \"a man plays\", \"id\": 1}\n");
        assertThatThrownBy(() -> PretrainJob.run(PretrainConfig.of(TinyNli.tokenizer(), List.of(jsonl), tmp.resolve("o"))))
                .hasMessageContaining(jsonl + ": cannot tell the NLI format")
                .hasMessageContaining("found a JSON object with fields [text, id]. Pretraining reads an NLI file in one of"
                        + " those layouts or plain text, one text per line; extract the texts of " + jsonl
                        + " into a text file first");
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
            z.write("a man plays a guitar in the park\n".repeat(200).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        byte[] whole = gz.toByteArray();
        Path truncated = Files.write(tmp.resolve("cut.txt.gz"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> PretrainTexts.read(truncated))
                .hasMessage(truncated + ": cannot read: gzip data is truncated or corrupt (Unexpected end of ZLIB input stream)");
        Path braces = Files.writeString(tmp.resolve("braces.txt"), "{ a brace opens this text\n");
        assertThat(PretrainTexts.read(braces)).containsExactly(new PretrainTexts.Text("{ a brace opens this text", null));
        Path text = Files.writeString(tmp.resolve("text.txt"), "a man plays\na dog runs\n");
        assertThatThrownBy(() -> PretrainJob.run(PretrainConfig.of(tmp.resolve("nowhere"), List.of(text), tmp.resolve("o"))))
                .hasMessageContaining("--tokenizer " + tmp.resolve("nowhere") + ": no tokenizer.json there");
        assertThatThrownBy(() -> PretrainConfig.of(TinyNli.tokenizer(), List.of(text), tmp.resolve("o"))
                .withShape(2, 30, 4, 64, 64))
                .hasMessage("--hidden 30 is not divisible by --heads 4 (each head gets hidden / heads dimensions)");
    }
}
