package dev.graft.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** Options that would divide by zero, time nothing or fail deep in the model's config are refused up front. */
class EvalBenchCommandTest {
    @TempDir
    Path tmp;

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "--batch-size 0 | --batch-size must be at least 1, got 0",
        "--repeats 0    | --repeats must be at least 1, got 0",
        "--n 0          | --n must be at least 1, got 0",
        "--layers 0     | --layers must be at least 1, got 0",
        "--hidden -1    | --hidden must be at least 1, got -1",
        "--heads 0      | --heads must be at least 1, got 0",
        "--inter 0      | --inter must be at least 1, got 0",
        "--hidden 30    | --hidden 30 does not split into --heads 4: give a hidden size that is a multiple of the heads"})
    void aBadOptionIsNamedBeforeAnyWork(String option, String message) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EvalBenchCommand());
        cl.setErr(new PrintWriter(err));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("error: " + ex.getMessage());
            return 1;
        });
        // a small shape, with the option under test in place of its value
        Map<String, String> options = new LinkedHashMap<>(Map.of("--n", "100", "--layers", "1", "--hidden", "32",
                "--heads", "4", "--inter", "64", "--device", "cpu", "--work", tmp.resolve("work").toString()));
        String[] kv = option.split(" ");
        options.put(kv[0], kv[1]);
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> args.addAll(List.of(k, v)));
        int code = cl.execute(args.toArray(new String[0]));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("error: " + message);
        assertThat(tmp.resolve("work")).doesNotExist();
    }
}
