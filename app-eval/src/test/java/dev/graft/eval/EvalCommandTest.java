package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command end to end on a real (tiny, random) BERT with a tokenizer trained by Graft. */
class EvalCommandTest {
    @TempDir
    static Path tmp;

    static Path model;

    @BeforeAll
    static void buildModel() {
        model = TinyClassifier.build(tmp.resolve("model"), List.of(Fixtures.NLI.resolve("snli_1.0_train.txt"),
                Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl")), 2, 32, 2, 64, 300,
                List.of("neutral", "contradiction", "entailment"), 1);
    }

    private record Run(int code, String out, String err) {}

    private static Run graftEval(String... args) {
        return graftEval(new EvalCommand(), args);
    }

    private static Run graftEval(EvalCommand command, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void evaluatesMatchedAndMismatchedWithARealModelAndComparesRuns() throws Exception {
        Path out = tmp.resolve("run");
        Run r = graftEval("--model", model.toString(), "--data", Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl").toString(),
                Fixtures.NLI.resolve("multinli_1.0_dev_mismatched.jsonl").toString(), "--device", "cpu", "--out", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("multinli_1.0_dev_matched: accuracy").contains("multinli_1.0_dev_mismatched: accuracy");
        JsonNode report = ReportJson.MAPPER.readTree(out.resolve(ReportFiles.JSON).toFile());
        assertThat(report.get("complete").asBoolean()).isTrue();
        assertThat(report.at("/model/labels").toString()).isEqualTo("[\"neutral\",\"contradiction\",\"entailment\"]");
        assertThat(report.at("/model/trainable_parameters").asLong()).isPositive();
        assertThat(report.get("sections")).hasSize(2);
        // the predictions of a random model: every probability a distribution over the dataset's labels
        for (String line : Files.readAllLines(out.resolve(ReportFiles.PREDICTIONS))) {
            JsonNode p = ReportJson.MAPPER.readTree(line).get("probabilities");
            assertThat(p.get("entailment").asDouble() + p.get("neutral").asDouble() + p.get("contradiction").asDouble())
                    .isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-5));
        }
        StringWriter cmpOut = new StringWriter();
        CommandLine cl = new CommandLine(new EvalCommand());
        cl.setOut(new PrintWriter(cmpOut));
        assertThat(cl.execute("compare", out.toString(), out.toString(), "--out", tmp.resolve("cmp").toString())).isZero();
        assertThat(cmpOut.toString()).contains("| run | multinli_1.0_dev_matched | full |");
        assertThat(tmp.resolve("cmp/compare.html")).exists();
    }

    /** A checkpoint saved without its tokenizer (as HF's save_pretrained of a model alone does). */
    @Test
    void aModelWithoutATokenizerTakesOneFromTokenizer() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare-model"));
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(model.resolve(f), bare.resolve(f));
        }
        List<String> common = List.of("--model", bare.toString(), "--data",
                Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl").toString(), "--device", "cpu", "--no-probes", "--quiet");
        Run refused = graftEval(args(common, "--out", tmp.resolve("bare-a").toString()));
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("--model " + bare + " holds no tokenizer.json")
                .contains("--tokenizer DIR");
        Run r = graftEval(args(common, "--tokenizer", model.toString(), "--out", tmp.resolve("bare-b").toString()));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("accuracy");
    }

    /** Without the check, the first id past the embedding table failed in libtorch ("index out of range in self"). */
    @Test
    void aTokenizerWithIdsTheModelLacksIsRefusedNamingBoth() throws Exception {
        Path tokenizer = Files.createDirectories(tmp.resolve("bigger-tokenizer"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.node.ObjectNode tree =
                (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(model.resolve("tokenizer.json").toFile());
        tree.withArray("added_tokens").addObject().put("id", 99999).put("content", "[EXTRA]").put("single_word", false)
                .put("lstrip", false).put("rstrip", false).put("normalized", false).put("special", true);
        json.writeValue(tokenizer.resolve("tokenizer.json").toFile(), tree);
        Run r = graftEval(new String[] {"--model", model.toString(), "--tokenizer", tokenizer.toString(), "--data",
                Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl").toString(), "--device", "cpu", "--no-probes", "--quiet",
                "--out", tmp.resolve("bigger").toString()});
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("the tokenizer " + tokenizer.resolve("tokenizer.json") + " makes ids up to 99999 but the"
                + " model " + model + " has vocab_size").contains("it is not this model's tokenizer");
    }

    /**
     * A BERT tokenizer gives the second text token type 1; a RoBERTa checkpoint has one type row. Refused
     * naming both, before the earlier report in --out is touched (libtorch's "index out of range in self"
     * came after it was gone).
     */
    @Test
    void aTokenizerWithTokenTypesTheModelLacksIsRefusedBeforeTouchingOut() throws Exception {
        Path roberta = Fixtures.HF.resolve("roberta-seqcls");
        Path out = Files.createDirectories(tmp.resolve("types"));
        Files.writeString(out.resolve(ReportFiles.JSON), "{\"earlier\": true}");
        Run r = graftEval("--model", roberta.toString(), "--tokenizer", model.toString(), "--data",
                Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(), "--device", "cpu", "--no-probes", "--quiet",
                "--out", out.toString());
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("the tokenizer " + model.resolve("tokenizer.json") + " gives the second text token"
                + " type 1 but the model " + roberta + " has type_vocab_size 1: it is not this model's tokenizer;"
                + " use the one the model was trained with").doesNotContain("index out of range");
        assertThat(Files.readString(out.resolve(ReportFiles.JSON))).isEqualTo("{\"earlier\": true}");
    }

    private static String[] args(List<String> common, String... more) {
        List<String> all = new ArrayList<>(common);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    /**
     * The bar goes to the process's standard error (not picocli's), so that is what this captures. It shows on
     * a terminal without --quiet only: off a terminal (a redirected log) it would be carriage-return litter.
     */
    @Test
    void theProgressBarShowsOnATerminalWithoutQuietOnly() {
        assertThat(barOutput(true, false)).as("terminal, without --quiet").contains("pairs");
        assertThat(barOutput(true, true)).as("terminal, --quiet").doesNotContain("pairs");
        assertThat(barOutput(false, false)).as("no terminal, without --quiet").isEmpty();
    }

    private String barOutput(boolean terminal, boolean quiet) {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        Run r;
        try {
            List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--data",
                    Fixtures.NLI.resolve("multinli_1.0_dev_matched.jsonl").toString(), "--device", "cpu", "--no-probes",
                    "--out", tmp.resolve("bar-" + terminal + "-" + quiet).toString()));
            if (quiet) {
                args.add("--quiet");
            }
            EvalCommand command = new EvalCommand();
            command.interactive = () -> terminal;
            r = graftEval(command, args.toArray(new String[0]));
        } finally {
            System.setErr(saved);
        }
        assertThat(r.code()).as(r.err()).isZero();
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aDirectoryWithoutAdapterConfigIsRefusedClearly() {
        Run r = graftEval("--model", model.toString(), "--adapter", tmp.resolve("lora").toString(), "--data",
                Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(), "--device", "cpu", "--out", tmp.resolve("a").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--adapter " + tmp.resolve("lora") + ": no adapter_config.json");
    }

    /** A LoRA adapter whose B is not zero (so it changes predictions), saved in PEFT's layout, evaluated. */
    @Test
    void aLoraAdapterIsAttachedAndReported() throws Exception {
        Path adapter = tmp.resolve("lora-adapter");
        try (var base = dev.graft.core.model.encoder.PretrainedEncoder.load(model, ai.djl.Device.cpu(), false)) {
            var config = dev.graft.core.peft.LoraConfig.of(4, 8f, dev.graft.core.peft.Target.QUERY, dev.graft.core.peft.Target.VALUE);
            var counts = dev.graft.core.peft.Peft.apply(base.model(), config, "default");
            for (var e : dev.graft.core.nn.ParameterPaths.of(base.model()).entrySet()) {
                if (e.getKey().contains("lora_B.")) {
                    var a = e.getValue().getArray();
                    a.set(a.getManager().randomNormal(0, 0.5f, a.getShape(), a.getDataType()).toByteBuffer());
                }
            }
            dev.graft.core.peft.PeftFiles.save(base.model(), config, "default", adapter, model.toString());
            assertThat(counts.trainable()).isPositive();
            Run r = graftEval("--model", model.toString(), "--adapter", adapter.toString(), "--data",
                    Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(), "--device", "cpu", "--out", tmp.resolve("b").toString());
            assertThat(r.code()).as(r.err()).isZero();
            JsonNode report = ReportJson.MAPPER.readTree(tmp.resolve("b").resolve("report.json").toFile());
            assertThat(report.toString()).contains("\"lora\"");
            assertThat(report.toString()).contains(String.valueOf(counts.trainable()));
        }
    }

    /** Bad data stops the run before --out is touched: an earlier report stays whole, a new --out is not made. */
    @Test
    void badDataLeavesAnEarlierReportAsItWasAndMakesNoNewOut() throws Exception {
        Path data = Fixtures.NLI.resolve("snli_1.0_dev.jsonl");
        Path out = tmp.resolve("kept");
        List<String> common = List.of("--model", model.toString(), "--device", "cpu", "--no-probes", "--quiet");
        assertThat(graftEval(args(common, "--data", data.toString(), "--out", out.toString())).code()).isZero();
        String report = Files.readString(out.resolve(ReportFiles.JSON));
        List<String> predictions = Files.readAllLines(out.resolve(ReportFiles.PREDICTIONS));
        assertThat(predictions).isNotEmpty();

        String text = Files.readString(data);
        Path truncated = tmp.resolve("truncated.jsonl");
        Files.writeString(truncated, text.substring(0, text.indexOf('\n', text.indexOf('\n') + 1) + 40));
        Run failed = graftEval(args(common, "--data", truncated.toString(), "--out", out.toString()));
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.err()).contains(truncated + ":3: not valid JSON");
        assertThat(Files.readString(out.resolve(ReportFiles.JSON))).isEqualTo(report);
        assertThat(Files.readAllLines(out.resolve(ReportFiles.PREDICTIONS))).isEqualTo(predictions);

        Path fresh = tmp.resolve("never-made");
        assertThat(graftEval(args(common, "--data", truncated.toString(), "--out", fresh.toString())).code()).isEqualTo(1);
        assertThat(fresh).doesNotExist();

        Run again = graftEval(args(common, "--data", data.toString(), "--out", out.toString()));
        assertThat(again.code()).as(again.err()).isZero();
        assertThat(again.out()).contains("replacing the earlier report in " + out
                + ": removed report.json, report.md, report.html, predictions.jsonl");
    }

    @Test
    void aFileWithNoUsableRowsIsRefusedInsteadOfScoredZeroOfZero() throws Exception {
        Path csv = Files.writeString(tmp.resolve("unusable.csv"), "premise,hypothesis,label\nA,B,7\n");
        Path out = tmp.resolve("unusable-run");
        Run r = graftEval("--model", model.toString(), "--data", csv.toString(), "--skip-bad-rows", "--device", "cpu",
                "--out", out.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(csv + ": no row to score: 1 row read, 1 skipped (unknown_label 1), none usable")
                .contains("Check that --format and --label-order fit the file");
        assertThat(out).doesNotExist();
    }

    @Test
    void aBootstrapBeyondItsBoundIsRefusedBeforeAnyWork() {
        Run r = graftEval("--model", model.toString(), "--data", Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(),
                "--bootstrap", "1000000000", "--device", "cpu", "--out", tmp.resolve("huge-bootstrap").toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("--bootstrap must be at most 100000 resamples, got 1000000000");
        assertThat(new CommandLine(new EvalCommand()).getUsageMessage()).contains("1000 to 100000");
    }

    @Test
    void compareNamesADirectoryThatHoldsNoEvalReport() throws Exception {
        Path notReport = Files.createDirectories(tmp.resolve("not-a-report"));
        Files.writeString(notReport.resolve(ReportFiles.JSON), "{\"x\":1}");
        Run r = graftEval("compare", notReport.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains(notReport.resolve(ReportFiles.JSON) + " is not a graft eval report");
        assertThat(r.out()).isEmpty();

        Path empty = Files.createDirectories(tmp.resolve("no-report"));
        Run none = graftEval("compare", empty.toString());
        assertThat(none.code()).isEqualTo(1);
        assertThat(none.err()).contains(empty + ": no report.json; name a directory that graft eval --out wrote");
    }

    @Test
    void aMissingModelDirectoryIsNamedAsOne() {
        Path missing = tmp.resolve("no-such-model");
        Run r = graftEval("--model", missing.toString(), "--data", Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(),
                "--out", tmp.resolve("m1").toString());
        assertThat(r.code()).isEqualTo(2);
        // the first line is the message; the usage follows it
        assertThat(r.err().lines().findFirst().orElse("")).contains("--model " + missing + ": no such directory;"
                + " name a model directory").doesNotContain("tokenizer");
        Run t = graftEval("--model", model.toString(), "--tokenizer", missing.toString(), "--data",
                Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(), "--out", tmp.resolve("m2").toString());
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--tokenizer " + missing + ": no such directory");
    }

    @Test
    void anAdapterDirectoryGivenAsTheModelIsToldToUseAdapter() throws Exception {
        Path named = Files.createDirectories(tmp.resolve("adapter-with-base"));
        Files.writeString(named.resolve("adapter_config.json"),
                "{\"peft_type\": \"LORA\", \"base_model_name_or_path\": \"" + model + "\"}");
        Run r = graftEval("--model", named.toString(), "--data", Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(),
                "--out", tmp.resolve("ad1").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + named + " is an adapter directory (adapter_config.json), not a model:"
                + " evaluate it on its base model with --model " + model + " --adapter " + named);

        Path unnamed = Files.createDirectories(tmp.resolve("adapter-without-base"));
        Files.writeString(unnamed.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\"}");
        Run u = graftEval("--model", unnamed.toString(), "--data", Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(),
                "--out", tmp.resolve("ad2").toString());
        assertThat(u.err()).contains("--model BASE --adapter " + unnamed);
    }

    /** A checkpoint as graft pretrain writes it: a masked-LM head, no id2label. */
    @Test
    void aMaskedLmCheckpointIsNotAClassifierAndNeedsFineTuning() throws Exception {
        Path mlm = Files.createDirectories(tmp.resolve("mlm"));
        for (String f : List.of("model.safetensors", "tokenizer.json")) {
            Files.copy(model.resolve(f), mlm.resolve(f));
        }
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) ReportJson.MAPPER.readTree(model.resolve("config.json").toFile());
        config.remove(List.of("id2label", "label2id", "num_labels"));
        config.putArray("architectures").add("BertForMaskedLM");
        Files.writeString(mlm.resolve("config.json"), config.toString());
        Run r = graftEval("--model", mlm.toString(), "--data", Fixtures.NLI.resolve("snli_1.0_dev.jsonl").toString(),
                "--device", "cpu", "--out", tmp.resolve("mlm-run").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + mlm + " is not a classifier (config.json: architectures"
                + " [\"BertForMaskedLM\"], no id2label or num_labels)").contains("Fine-tune it first (graft finetune");
    }

    @Test
    void missingOptionsAreAUsageError() {
        Run r = graftEval("--model", model.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--data");
    }
}
