package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import dev.graft.core.data.BatchConfig;
import dev.graft.core.data.TextReader;
import dev.graft.core.model.encoder.EncoderTask;
import dev.graft.core.model.encoder.PretrainedEncoder;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --task text} end to end on a synthetic sentiment set: the label is carried by one of a few
 * positive or negative words among neutral ones, so a tiny BERT learns it in a few epochs and chance
 * (0.5) is far below what it reaches.
 */
class TextTaskTest {
    private static final String[] POSITIVE = {"good", "great", "happy", "lovely", "wonderful"};
    private static final String[] NEGATIVE = {"bad", "awful", "sad", "terrible", "poor"};
    private static final String[] NOUNS = {"film", "meal", "trip", "book", "song", "show", "room", "game"};
    private static final String[] FILLER = {"the", "a", "was", "really", "quite", "today", "our", "very", "and", "it"};

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws IOException {
        Random rnd = new Random(3);
        List<String> corpus = new ArrayList<>();
        for (String[] split : new String[][] {{"train", "400"}, {"dev", "100"}}) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < Integer.parseInt(split[1]); i++) {
                boolean positive = rnd.nextBoolean();
                String text = sentence(rnd, positive ? POSITIVE : NEGATIVE);
                corpus.add(text);
                rows.add("{\"text\": \"" + text + "\", \"label\": \"" + (positive ? "positive" : "negative") + "\"}");
            }
            Files.write(dir.resolve(split[0] + ".jsonl"), rows, StandardCharsets.UTF_8);
        }
        Files.write(dir.resolve("corpus.txt"), corpus, StandardCharsets.UTF_8);
        TokenizerTrainer.run(TrainRequest.of(TrainerType.WORDPIECE, 200, List.of(dir.resolve("corpus.txt")),
                dir.resolve("tokenizer")).withNormalization(true, true), Progress.NONE);
        long vocab;
        try (HfTokenizer tok = HfTokenizer.load(dir.resolve("tokenizer"), TokenizerOptions.of(64))) {
            vocab = tok.vocabSize();
        }
        TinyNli.writeModel(dir.resolve("mlm"), (int) vocab, 0.1, 7, EncoderTask.MASKED_LM);
        TinyNli.writeModel(dir.resolve("nli"), (int) vocab, 0.1, 7);
    }

    private static String sentence(Random rnd, String[] polar) {
        List<String> words = new ArrayList<>();
        for (int i = 0; i < 3 + rnd.nextInt(5); i++) {
            words.add(FILLER[rnd.nextInt(FILLER.length)]);
        }
        words.add(rnd.nextInt(words.size() + 1), NOUNS[rnd.nextInt(NOUNS.length)]);
        words.add(rnd.nextInt(words.size() + 1), polar[rnd.nextInt(polar.length)]);
        return String.join(" ", words);
    }

    private static FinetuneConfig config(Path model, String method, String out) {
        return FinetuneConfig.of(model, method, dir.resolve("train.jsonl"), dir.resolve("dev.jsonl"), dir.resolve(out))
                .withTokenizer(dir.resolve("tokenizer"), 64)
                .withTraining(4, 1e-3, 16, 7)
                .withOptimizer(10, 0.01, 1.0, 1)
                .withFlags(false, true, false);
    }

    @Test
    void fullFineTuningOfAMaskedLmLearnsSentimentAndBestReloadsToTheSameAccuracy() {
        FinetuneResult r = FinetuneJob.runText(config(dir.resolve("mlm"), "full", "full").withTraining(4, 2e-3, 8, 7), List.of(), System.err);
        System.err.printf("text full: best dev accuracy %.4f at step %d of %d%n", r.bestDevAccuracy(), r.bestStep(),
                r.steps());
        assertThat(r.bestDevAccuracy()).isGreaterThan(0.85); // chance is about 0.5; measured 1.0 (loss flat for ~45 steps, then falls)

        Path best = dir.resolve("full/best");
        try (PretrainedEncoder enc = PretrainedEncoder.load(best, Device.cpu(), false);
                HfTokenizer tok = HfTokenizer.load(best, TokenizerOptions.of(64))) {
            Map<Integer, String> id2label = enc.config().id2label();
            assertThat(id2label).isEqualTo(Map.of(0, "negative", 1, "positive")); // the data's names, sorted
            BatchSource dev = new TextBatchSource(TextReader.read(dir.resolve("dev.jsonl"), List.of()), tok,
                    BatchConfig.inOrder(16), Map.of("negative", 0, "positive", 1));
            assertThat(Trainer.evaluate(enc.model(), enc.manager(), dev).accuracy())
                    .isCloseTo(r.bestDevAccuracy(), org.assertj.core.data.Offset.offset(1e-9));
        }
    }

    @Test
    void headTrainsOnlyTheNewClassifierInLabelNamesOrder() {
        FinetuneResult r = FinetuneJob.runText(config(dir.resolve("mlm"), "head", "head").withTraining(1, 1e-3, 16, 7),
                List.of("positive", "negative"), System.err);
        assertThat(r.trainableParameters()).isLessThan(r.totalParameters() / 10);
        try (PretrainedEncoder enc = PretrainedEncoder.load(dir.resolve("head/best"), Device.cpu(), false)) {
            assertThat(enc.config().id2label()).isEqualTo(Map.of(0, "positive", 1, "negative"));
        }
    }

    @Test
    void aDataLabelTheModelsClassifierLacksStopsNamingBothSets() {
        assertThatThrownBy(() -> FinetuneJob.runText(config(dir.resolve("nli"), "full", "nli-out"), List.of(),
                System.err))
                .hasMessage(dir.resolve("train.jsonl") + ": dataset label 'positive' (first at " + dir.resolve("train.jsonl")
                        + ":1) is not among the model's labels [entailment, neutral, contradiction] (config.json"
                        + " id2label); the file's labels are [negative, positive]");
    }

    /** finetune has no --format, so the advice for an undetected layout is the text task, not that flag. */
    @Test
    void textRowsReadAsNliPointToTheTextTask() throws IOException {
        Path texts = Files.write(dir.resolve("texts.jsonl"), List.of("{\"text\": \"good film\", \"label\": \"positive\"}"));
        FinetuneConfig asNli = FinetuneConfig.of(dir.resolve("mlm"), "full", texts, texts, dir.resolve("z"));
        assertThatThrownBy(() -> FinetuneJob.run(asNli))
                .hasMessage(texts + ":1: cannot tell the NLI format: expected SNLI/MultiNLI fields (gold_label, sentence1,"
                        + " sentence2), a GLUE header starting with 'index', or HF columns (premise, hypothesis, label);"
                        + " found a JSON object with fields [text, label]. For single texts with labels pass --task text");
    }

    @Test
    void missingFilesAndIntegerLabelsWithoutNamesAreRefused() throws IOException {
        FinetuneConfig missing = FinetuneConfig.of(dir.resolve("mlm"), "full", dir.resolve("none.jsonl"),
                dir.resolve("dev.jsonl"), dir.resolve("x"));
        assertThatThrownBy(() -> FinetuneJob.runText(missing, List.of(), System.err))
                .hasMessage(dir.resolve("none.jsonl") + ": no such file (expected a JSONL or CSV file of texts and labels)");
        Path ints = Files.write(dir.resolve("ints.jsonl"), List.of("{\"text\": \"good film\", \"label\": 1}"));
        FinetuneConfig unnamed = FinetuneConfig.of(dir.resolve("mlm"), "full", ints, dir.resolve("dev.jsonl"),
                dir.resolve("y"));
        assertThatThrownBy(() -> FinetuneJob.runText(unnamed, List.of(), System.err))
                .hasMessage(ints + ":1: integer label 1 needs --label-names to say which class each number is"
                        + " (e.g. --label-names negative,positive)");
    }
}
