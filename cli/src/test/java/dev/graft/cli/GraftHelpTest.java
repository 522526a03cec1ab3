package dev.graft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What {@code bin/graft <command> --help} tells a newcomer. */
class GraftHelpTest {
    private static String help(String... command) {
        PrintStream saved = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertThat(Graft.run(command)).isZero();
        } finally {
            System.setOut(saved);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A user found finetune's default learning rate only in a collapse warning: --help now names every default. */
    @Test
    void finetuneHelpNamesItsDefaults() {
        String help = help("finetune", "--help");
        assertThat(help).contains("--lr").contains("Default: 5e-5").contains("Default: 32").contains("Default: 128")
                .contains("Default: linear").contains("Default: 1.0");
        // Method flags default per method, which their own text says; picocli must not print "null" for them.
        assertThat(help).contains("(default: 8)").doesNotContain("Default: null");
    }
}
