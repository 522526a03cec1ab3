package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code graft generate} reproduces the HF greedy ids of generation.json and streams before its JSON line. */
class GraftGenerateTest {
    private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "fixtures", "hf");

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Graft.run(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static String csv(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).collect(Collectors.joining(","));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gpt2-lm", "t5-seq2seq"})
    void greedyIdsMatchReference(String fixture) throws Exception {
        JsonNode gen = new ObjectMapper().readTree(FIXTURES.resolve(fixture).resolve("generation.json").toFile());
        int prompt = gen.get("prompt_ids").size();
        int expected = gen.get("greedy_ids").size();
        int newTokens = fixture.startsWith("gpt2") ? expected - prompt : expected - 1;
        Run r = run("generate", "--model", FIXTURES.resolve(fixture).toString(), "--prompt-ids", csv(gen.get("prompt_ids")),
                "--max-new-tokens", "" + newTokens, "--device", "cpu");
        assertThat(r.code()).as(r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        JsonNode last = new ObjectMapper().readTree(lines[lines.length - 1]);
        assertThat(csv(last.get("ids"))).isEqualTo(csv(gen.get("greedy_ids")));
        assertThat(last.get("finish_reason").asText()).isEqualTo("length");
        // The tokens were streamed, space-separated, before the JSON line.
        assertThat(lines[0].strip().replace(' ', ',')).isEqualTo(csv(last.get("generated_ids")));
    }

    @Test
    void seededSamplingRepeatsAcrossRuns() throws Exception {
        String[] args = {"generate", "--model", FIXTURES.resolve("gpt2-lm").toString(), "--prompt-ids", "1,2,3",
            "--temperature", "1.2", "--top-k", "40", "--top-p", "0.9", "--seed", "42", "--max-new-tokens", "10", "--device", "cpu"};
        Run a = run(args);
        Run b = run(args);
        assertThat(a.code()).isZero();
        String lastA = a.out().strip().substring(a.out().strip().lastIndexOf('\n') + 1);
        String lastB = b.out().strip().substring(b.out().strip().lastIndexOf('\n') + 1);
        JsonNode ja = new ObjectMapper().readTree(lastA);
        JsonNode jb = new ObjectMapper().readTree(lastB);
        assertThat(ja.get("generated_ids")).isEqualTo(jb.get("generated_ids"));
        assertThat(ja.get("seed").asLong()).isEqualTo(42);
    }

    /**
     * A text prompt through a byte-level BPE tokenizer of our own trainer placed beside a copy of the
     * GPT-2 fixture (both have 1,000 ids): the streamed text is the decoded continuation, and a stop
     * string cuts it.
     */
    @Test
    void textPromptStreamsTextAndStopsAtStopString(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
        Path model = tmp.resolve("gpt2-with-tokenizer");
        java.nio.file.Files.createDirectories(model);
        for (String f : new String[] {"config.json", "model.safetensors"}) {
            java.nio.file.Files.copy(FIXTURES.resolve("gpt2-lm").resolve(f), model.resolve(f));
        }
        Path corpus = tmp.resolve("corpus.txt");
        new dev.graft.core.tokenize.bench.SyntheticCorpus(3000, 1).write(corpus, 400_000, 1);
        var trained = dev.graft.core.tokenize.train.TokenizerTrainer.run(dev.graft.core.tokenize.train.TrainRequest.of(
                dev.graft.core.tokenize.train.TrainerType.BPE, 1000, java.util.List.of(corpus), model).withMinFrequency(1),
                dev.graft.core.tokenize.train.Progress.NONE);
        assertThat(trained.vocabSize()).isEqualTo(1000);

        Run free = run("generate", "--model", model.toString(), "--prompt", "The cat", "--max-new-tokens", "12", "--device", "cpu");
        assertThat(free.code()).as(free.err()).isZero();
        String[] lines = free.out().split("\n");
        JsonNode json = new ObjectMapper().readTree(lines[lines.length - 1]);
        String text = json.get("text").asText();
        assertThat(text).isNotEmpty();
        assertThat(free.out()).startsWith(text); // streamed pieces add up to the final text
        assertThat(json.get("prompt_ids").size()).isGreaterThan(0);

        String stop = text.substring(text.length() / 2, text.length() / 2 + 1);
        Run stopped = run("generate", "--model", model.toString(), "--prompt", "The cat", "--max-new-tokens", "12",
                "--stop", stop, "--device", "cpu");
        String[] stoppedLines = stopped.out().split("\n");
        JsonNode cut = new ObjectMapper().readTree(stoppedLines[stoppedLines.length - 1]);
        assertThat(cut.get("finish_reason").asText()).isEqualTo("stop");
        assertThat(cut.get("text").asText()).isEqualTo(text.substring(0, text.indexOf(stop)));
    }

    @Test
    void invalidParameterIsOneLineNamingIt() {
        Run r = run("generate", "--model", FIXTURES.resolve("gpt2-lm").toString(), "--prompt-ids", "1", "--top-k", "-3");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("graft generate: error: top_k must be >= 0 (0 = no limit), got -3");
    }

    @Test
    void textPromptWithoutTokenizerSaysWhatToDo() {
        Run r = run("generate", "--model", FIXTURES.resolve("gpt2-lm").toString(), "--prompt", "hello");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--prompt needs a tokenizer.json beside the model").contains("--prompt-ids");
    }

    @Test
    void encoderOnlyModelCannotGenerate() {
        Run r = run("generate", "--model", FIXTURES.resolve("bert-seqcls").toString(), "--prompt-ids", "1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("model_type bert does not generate text; generation supports gpt2 and t5");
    }

    @Test
    void promptAndPromptIdsAreExclusive() {
        Run r = run("generate", "--model", "x", "--prompt", "a", "--prompt-ids", "1");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("mutually exclusive");
    }
}
