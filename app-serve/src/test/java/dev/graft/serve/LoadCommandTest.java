package dev.graft.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code graft serve-load}'s options: bad ones are usage errors (exit 2) found before a model is written or loaded. */
@Timeout(300)
class LoadCommandTest {
    private static CommandRun serveLoad(String... args) {
        return CommandRun.of(new LoadCommand(), "serve-load", args);
    }

    /** A short run on {@code model}, any option replaced by {@code overrides} (picocli refuses one given twice). */
    private static String[] bounded(Path model, String... overrides) {
        Map<String, String> options = new LinkedHashMap<>(Map.of("--model", model.toString(), "--requests", "3",
                "--concurrency", "1", "--seconds", "30", "--max-tokens", "2"));
        for (int i = 0; i < overrides.length; i += 2) {
            options.put(overrides[i], overrides[i + 1]);
        }
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add(k);
            args.add(v);
        });
        return args.toArray(new String[0]);
    }

    @Test
    void aClassifierInGenerateModeIsRefusedNamingWhatEachModeNeeds() {
        Path model = TestModels.classifier();
        CommandRun r = serveLoad(bounded(model, "--mode", "generate"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + model + " is a classifier (model_type bert); --mode generate needs a causal"
                + " language model (GPT-2) or T5: use --mode classify, soak or adapters with this model").doesNotContain("cannot be cast");
    }

    @ParameterizedTest
    @CsvSource({"classify", "soak"})
    void aGeneratorInAClassificationModeIsRefused(String mode) {
        Path model = TestModels.generator();
        CommandRun r = serveLoad(bounded(model, "--mode", mode));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + model + " is a text generator (model_type gpt2); --mode " + mode
                + " sends classification requests and needs an encoder classifier (BERT, RoBERTa, DistilBERT): use --mode"
                + " generate or adapters with this model").doesNotContain("cannot be cast");
    }

    @Test
    void generateRefusesMaxTokensThatDoNotFitBesideTheSamplePrompt() {
        Path model = TestModels.generator();
        CommandRun r = serveLoad(bounded(model, "--mode", "generate", "--max-tokens", "60"));
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("--max-tokens 60 does not fit --model " + model + ": the model takes 64 positions, prompt"
                + " and completion together, and serve-load's sample prompt takes 9; use --max-tokens 55 or less");
        assertThatThrownBy(() -> LoadGenerator.run(new LoadGenerator.Request(model, "adapters", new int[] {1}, 1, 30, 60)))
                .hasMessage("--max-tokens 60 does not fit --model " + model + ": the model takes 64 positions, prompt and"
                        + " completion together, and serve-load's sample prompt takes 16; use --max-tokens 48 or less");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--concurrency | 0       | --concurrency values must be in [1, 1024], got 0",
        "--concurrency | -3      | --concurrency values must be in [1, 1024], got -3",
        "--concurrency | 1,2000  | --concurrency values must be in [1, 1024], got 2000",
        "--requests    | 0       | --requests must be in [1, 100000], got 0",
        "--requests    | 100001  | --requests must be in [1, 100000], got 100001",
        "--seconds     | 0       | --seconds must be in [1, 1800], got 0",
        "--seconds     | 1801    | --seconds must be in [1, 1800], got 1801",
        "--max-tokens  | 0       | --max-tokens must be >= 1, got 0",
        "--torch-threads | 0     | --torch-threads must be >= 1, got 0",
        "--mode        | foo     | --mode must be classify, generate, soak or adapters, got foo"})
    void anOptionOutOfRangeIsAUsageErrorNamingIt(String option, String value, String message) {
        CommandRun r = serveLoad(bounded(TestModels.classifier(), option, value));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains(message);
    }

    @Test
    void initArchRefusesADirectoryThatAlreadyHoldsAModel(@TempDir Path tmp) throws IOException {
        Path model = Files.createDirectories(tmp.resolve("bert"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json")) {
            Files.copy(TestModels.classifier().resolve(f), model.resolve(f));
        }
        String config = Files.readString(model.resolve("config.json"));
        CommandRun r = serveLoad(bounded(model, "--init-arch", "gpt2", "--mode", "generate"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--model " + model + " already holds a model (config.json); --init-arch writes a new one"
                + " and would replace it: drop --init-arch to load that model, or name a new directory");
        assertThat(Files.readString(model.resolve("config.json"))).isEqualTo(config);
    }

    @Test
    void anUnknownInitArchIsRefusedBeforeAnythingIsWritten(@TempDir Path tmp) {
        Path model = tmp.resolve("new");
        CommandRun r = serveLoad(bounded(model, "--init-arch", "foo"));
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).contains("--init-arch must be bert or gpt2, got foo");
        assertThat(model).doesNotExist();
    }

    @Test
    void aFileAsModelIsNamedAsAFile(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("model.txt"), "not a model");
        CommandRun plain = serveLoad(bounded(file));
        assertThat(plain.code()).as(plain.err()).isEqualTo(2);
        assertThat(plain.err()).contains("--model " + file + " is a file, not a directory: name the model directory");
        CommandRun init = serveLoad(bounded(file, "--init-arch", "bert"));
        assertThat(init.code()).as(init.err()).isEqualTo(2);
        assertThat(init.err()).contains("--model " + file + " is a file, not a directory").doesNotContain("FileAlreadyExists");
    }

    @Test
    void initArchLeavesNoTemporaryFolders(@TempDir Path tmp) throws IOException {
        Set<Path> before = temporaryFolders("graft-load-init");
        LoadModels.create("gpt2", tmp.resolve("gpt2"));
        assertThat(tmp.resolve("gpt2").resolve("config.json")).exists();
        assertThat(tmp.resolve("gpt2").resolve("tokenizer.json")).exists();
        assertThat(temporaryFolders("graft-load-init")).as("graft-load-init* folders after the run").isSubsetOf(before);
    }

    @Test
    void adaptersModeLeavesNoAdapterFolders() throws IOException {
        Set<Path> before = temporaryFolders("graft-adapter-bench");
        var out = LoadGenerator.run(new LoadGenerator.Request(TestModels.classifier(), "adapters", new int[] {1}, 1, 30, 2));
        assertThat(out.get("runs")).hasSize(6);
        assertThat(temporaryFolders("graft-adapter-bench")).as("graft-adapter-bench* folders after the run").isSubsetOf(before);
    }

    private static Set<Path> temporaryFolders(String prefix) throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toSet());
        }
    }
}
