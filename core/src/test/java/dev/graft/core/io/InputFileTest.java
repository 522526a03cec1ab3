package dev.graft.core.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputFileTest {
    @TempDir
    Path tmp;

    @Test
    void aRegularFileHasNoProblem() throws Exception {
        assertThat(InputFile.problem(Files.writeString(tmp.resolve("a.txt"), "x"), "text")).isEmpty();
    }

    @Test
    void aMissingPathAndADirectoryAreToldApart() {
        assertThat(InputFile.problem(tmp.resolve("none.jsonl"), "an NLI data file"))
                .contains(tmp.resolve("none.jsonl") + ": no such file (expected an NLI data file)");
        assertThat(InputFile.problem(tmp, "an NLI data file")).contains(tmp + ": is a directory (expected an NLI data file)");
    }
}
