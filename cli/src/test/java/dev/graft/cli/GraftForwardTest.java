package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.graft.core.io.SafetensorsFile;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Parity end to end through the launcher: {@code graft forward} on the HF reference fixtures. */
class GraftForwardTest {
    /** The fixtures live in core's test resources; tests run with the module directory as working directory. */
    private static final Path FIXTURES = Path.of("..", "core", "src", "test", "resources", "fixtures", "hf");

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bert-seqcls", "bert-seqcls-bf16", "bert-base-only", "roberta-seqcls", "distilbert-seqcls",
        "gpt2-lm", "gpt2-base-only", "t5-seq2seq"})
    void forwardReproducesReferenceOutputs(String fixture) {
        Path ref = FIXTURES.resolve(fixture).resolve("reference.safetensors");
        Path out = tmp.resolve(fixture + ".safetensors");
        int code = Graft.run("forward", "--model", FIXTURES.resolve(fixture).toString(), "--inputs", ref.toString(),
                "--output", out.toString(), "--device", "cpu", "--reference", ref.toString(), "--tolerance", "1e-4");
        assertThat(code).isZero();
        try (SafetensorsFile expected = SafetensorsFile.open(ref);
                SafetensorsFile actual = SafetensorsFile.open(out);
                NDManager m = NDManager.newBaseManager()) {
            NDArray mask = expected.load("attention_mask", m).toType(DataType.FLOAT32, false);
            Set<String> outputs = new TreeSet<>(expected.names());
            outputs.removeAll(Set.of("input_ids", "attention_mask", "token_type_ids", "decoder_input_ids"));
            assertThat(outputs).isNotEmpty();
            for (String name : outputs) {
                assertThat(actual.names()).as("%s writes %s", fixture, name).contains(name);
                NDArray diff = actual.load(name, m).sub(expected.load(name, m)).abs();
                if (diff.getShape().dimension() == 3 && diff.getShape().get(1) == mask.getShape().get(1)) {
                    diff = diff.mul(mask.expandDims(-1)); // padded positions are unspecified
                }
                assertThat(diff.max().getFloat()).as("%s %s", fixture, name).isLessThanOrEqualTo(1e-4f);
            }
        }
    }

    @Test
    void t5WithoutDecoderInputsSaysWhatIsMissing() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        Path bertInputs = FIXTURES.resolve("bert-base-only").resolve("reference.safetensors");
        try {
            code = Graft.run("forward", "--model", FIXTURES.resolve("t5-seq2seq").toString(), "--inputs",
                    bertInputs.toString(), "--output", tmp.resolve("o.safetensors").toString(), "--device", "cpu");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(bertInputs + ": t5 needs 'decoder_input_ids'");
    }

    @Test
    void differenceBeyondToleranceExitsWith3() {
        Path dir = FIXTURES.resolve("bert-seqcls");
        Path ref = dir.resolve("reference.safetensors");
        // fp32 reproduces HF to about 1e-6, never to 1e-12: the comparison must report the excess.
        int code = Graft.run("forward", "--model", dir.toString(), "--inputs", ref.toString(), "--output",
                tmp.resolve("o.safetensors").toString(), "--device", "cpu", "--reference", ref.toString(),
                "--tolerance", "1e-12");
        assertThat(code).isEqualTo(3);
    }

    @Test
    void missingModelDirectoryIsOneLineErrorWithExitCode1() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Graft.run("forward", "--model", tmp.resolve("nope").toString(), "--inputs", "in.safetensors",
                    "--output", tmp.resolve("o.safetensors").toString(), "--device", "cpu");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("graft forward: error:")
                .contains(tmp.resolve("nope") + ": does not exist")
                .doesNotContain("\tat ");
    }

    @Test
    void badDeviceIsUsageErrorNamingTheChoices() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream old = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Graft.run("forward", "--model", "m", "--inputs", "i", "--output", "o", "--device", "tpu");
        } finally {
            System.setErr(old);
        }
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("'tpu' is not a device; use cpu, gpu or auto");
    }

    @Test
    void everyCommandHasHelp() {
        assertThat(Graft.run("--help")).isZero();
        assertThat(Graft.run("forward", "--help")).isZero();
    }
}
