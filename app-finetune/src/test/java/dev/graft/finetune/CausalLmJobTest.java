package dev.graft.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.graft.core.config.JsonConfig;
import dev.graft.core.data.CausalLmBatches;
import dev.graft.core.data.LmBatch;
import dev.graft.core.data.PromptCompletion;
import dev.graft.core.model.gpt2.Gpt2Config;
import dev.graft.core.model.gpt2.PretrainedGpt2;
import dev.graft.core.tokenize.HfTokenizer;
import dev.graft.core.tokenize.TokenizerOptions;
import dev.graft.core.tokenize.train.Progress;
import dev.graft.core.tokenize.train.TokenizerTrainer;
import dev.graft.core.tokenize.train.TrainRequest;
import dev.graft.core.tokenize.train.TrainerType;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Causal-LM tuning of a tiny seeded GPT-2 on copy and reverse prompts, with the loss on completions only. */
class CausalLmJobTest {
    static final String[] WORDS = {"red", "blue", "green", "cat", "dog", "sun", "moon", "tree", "fish", "bird", "rock",
        "rain"};
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    @BeforeAll
    static void build() throws Exception {
        Random random = new Random(3);
        List<String> corpus = new ArrayList<>();
        for (String split : new String[] {"train", "dev"}) {
            List<String> rows = new ArrayList<>();
            for (int i = 0; i < (split.equals("train") ? 400 : 40); i++) {
                List<String> w = new ArrayList<>();
                for (int k = 0; k < 3 + random.nextInt(2); k++) {
                    w.add(WORDS[random.nextInt(WORDS.length)]);
                }
                boolean reverse = random.nextBoolean();
                List<String> answer = new ArrayList<>(w);
                if (reverse) {
                    java.util.Collections.reverse(answer);
                }
                String prompt = (reverse ? "reverse: " : "copy: ") + String.join(" ", w) + " =>";
                String completion = " " + String.join(" ", answer);
                rows.add(JSON.createObjectNode().put("prompt", prompt).put("completion", completion).toString());
                corpus.add(prompt + completion);
            }
            Files.write(dir.resolve(split + ".jsonl"), rows, StandardCharsets.UTF_8);
        }
        Files.write(dir.resolve("corpus.txt"), corpus, StandardCharsets.UTF_8);
        Path model = dir.resolve("gpt2");
        TokenizerTrainer.run(TrainRequest.of(TrainerType.BPE, 300, List.of(dir.resolve("corpus.txt")), model),
                Progress.NONE);
        long vocab;
        try (HfTokenizer tok = HfTokenizer.load(model, TokenizerOptions.unlimited())) {
            vocab = tok.vocabSize();
        }
        ObjectNode c = JSON.createObjectNode();
        c.put("model_type", "gpt2").put("vocab_size", vocab).put("n_embd", 32).put("n_layer", 2).put("n_head", 2)
                .put("n_inner", 64).put("n_positions", 64).put("eos_token_id", 0).put("bos_token_id", 0)
                .put("resid_pdrop", 0.0).put("embd_pdrop", 0.0).put("attn_pdrop", 0.0);
        Engine.getInstance().setRandomSeed(5);
        try (PretrainedGpt2 m = PretrainedGpt2.create(Gpt2Config.from(JsonConfig.of(c, model.resolve("config.json"))),
                Device.cpu())) {
            m.save(model);
        }
    }

    static FinetuneConfig config(Path out) {
        return FinetuneConfig.of(dir.resolve("gpt2"), "full", dir.resolve("train.jsonl"), dir.resolve("dev.jsonl"), out)
                .withTraining(4, 3e-3, 16, 7).withTokenizer(dir.resolve("gpt2"), 64).withOptimizer(10, 0.01, 1.0, 1)
                .withFlags(false, true, false);
    }

    @Test
    void lossFallsAndDevPerplexityDrops() throws Exception {
        Path out = dir.resolve("run");
        CausalLmResult r = CausalLmJob.run(config(out), System.err);
        List<Double> l = r.losses();
        double first = l.subList(0, 5).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        double last = l.subList(l.size() - 5, l.size()).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        System.out.printf("causal-lm: train loss %.4f -> %.4f; dev perplexity %.2f -> %.2f, next-token accuracy %.4f,"
                + " %d steps, %.1f s%n", first, last, r.initialDevPerplexity(), r.bestDevPerplexity(),
                r.bestDevAccuracy(), r.steps(), r.seconds());
        assertThat(last).isLessThan(first / 2);
        assertThat(r.bestDevPerplexity()).isLessThan(r.initialDevPerplexity() / 4);
        try (PretrainedGpt2 best = PretrainedGpt2.load(out.resolve("best"), Device.cpu(), false)) {
            assertThat(best.config().nLayer()).isEqualTo(2);
        }
        assertThat(out.resolve("best/tokenizer.json")).isRegularFile();
        assertThat(out.resolve("metrics.jsonl")).content().contains("\"perplexity\"");
    }

    /** The loss is the hand-computed sum over completion positions; the prompt's positions add nothing. */
    @Test
    void promptTokensCarryNoLoss() {
        try (PretrainedGpt2 gpt2 = PretrainedGpt2.load(dir.resolve("gpt2"), Device.cpu(), false);
                HfTokenizer tok = HfTokenizer.load(dir.resolve("gpt2"), TokenizerOptions.unlimited());
                NDManager scope = gpt2.manager().newSubManager()) {
            List<PromptCompletion> rows = List.of(new PromptCompletion("copy: red cat sun =>", " red cat sun", "a:1"),
                    new PromptCompletion("reverse: dog moon =>", " moon dog", "a:2"));
            LmBatch b = CausalLmBatches.build(rows, tok, 0, 64);
            CausalLmTask task = new CausalLmTask(gpt2.model());
            long completionTokens = 0;
            for (PromptCompletion r : rows) {
                completionTokens += tok.encode(r.completion()).ids().length + 1; // + end of text
            }
            assertThat(task.terms(b)).isEqualTo(completionTokens);

            double loss = task.loss(scope, b, false).getFloat();
            NDArray logits = gpt2.forward(scope.create(b.ids()), scope.create(b.mask())).logits().logSoftmax(2);
            float[] logp = logits.toFloatArray();
            int t = b.ids()[0].length;
            int v = (int) logits.getShape().get(2);
            double completionOnly = 0;
            double everyToken = 0;
            for (int i = 0; i < b.ids().length; i++) {
                for (int p = 1; p < t; p++) {
                    double nll = -logp[(i * t + p - 1) * v + (int) b.ids()[i][p]];
                    completionOnly += b.targets()[i][p] == LmBatch.IGNORE ? 0 : nll;
                    everyToken += b.mask()[i][p] == 1 ? nll : 0;
                }
            }
            assertThat(loss).isCloseTo(completionOnly, org.assertj.core.data.Offset.offset(1e-3 * completionOnly));
            assertThat(everyToken - completionOnly).as("what the prompt would add").isGreaterThan(1.0);
        }
    }

    @Test
    void badRowsStopWithTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"prompt\": \"a\", \"completion\": \"b\"}\n"
                + "{\"prompt\": \"only a prompt\"}\n");
        FinetuneConfig c = FinetuneConfig.of(dir.resolve("gpt2"), "full", bad, dir.resolve("dev.jsonl"), dir.resolve("b"));
        assertThatThrownBy(() -> CausalLmJob.run(c, System.err))
                .hasMessage(bad + ":2: field 'completion' is missing");
        Path empty = Files.writeString(dir.resolve("empty.jsonl"), "\n");
        assertThatThrownBy(() -> CausalLmJob.run(FinetuneConfig.of(dir.resolve("gpt2"), "full", empty,
                dir.resolve("dev.jsonl"), dir.resolve("e")), System.err))
                .hasMessage(empty + ": no {\"prompt\", \"completion\"} rows to train or evaluate on");
        String longCompletion = " red".repeat(70);
        Path tooLong = Files.writeString(dir.resolve("long.jsonl"), "{\"prompt\": \"copy:\", \"completion\": \""
                + longCompletion + "\"}\n");
        assertThatThrownBy(() -> CausalLmJob.run(FinetuneConfig.of(dir.resolve("gpt2"), "full", tooLong,
                dir.resolve("dev.jsonl"), dir.resolve("l")), System.err))
                .hasMessageStartingWith(tooLong + ":1: the completion takes")
                .hasMessageContaining("leaving no room for the prompt within the limit of 64");
    }

    @Test
    void longPromptsLoseTheirStartWithACountedWarning() throws Exception {
        Path rows = Files.writeString(dir.resolve("longprompt.jsonl"), "{\"prompt\": \"copy:" + " cat".repeat(80)
                + " =>\", \"completion\": \" cat\"}\n{\"prompt\": \"copy: dog =>\", \"completion\": \" dog\"}\n");
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        CausalLmResult r = CausalLmJob.run(FinetuneConfig.of(dir.resolve("gpt2"), "full", rows, rows,
                dir.resolve("lp")).withTokenizer(dir.resolve("gpt2"), 32).withTraining(1, 1e-3, 2, 7)
                .withFlags(false, true, false), new PrintStream(log, true, StandardCharsets.UTF_8));
        assertThat(r.truncatedPrompts()).isEqualTo(2); // the long row, in train and in dev
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("warning: 2 of 4 rows are longer than 32 tokens;"
                + " their prompts lose their start");
    }

    @Test
    void otherMethodsAndUnknownTasksAreRefused() {
        FinetuneConfig head = FinetuneConfig.of(dir.resolve("gpt2"), "head", dir.resolve("train.jsonl"),
                dir.resolve("dev.jsonl"), dir.resolve("m"));
        assertThatThrownBy(() -> CausalLmJob.run(head, System.err))
                .hasMessage("--task causal-lm: method 'head' is not available for GPT-2 yet; available: full");
        assertThatThrownBy(() -> FinetuneTask.named("translation"))
                .hasMessage("unknown --task 'translation'; available: nli, text, causal-lm");
        assertThat(FinetuneTask.named("causal-lm")).isEqualTo(FinetuneTask.CAUSAL_LM);
    }
}
