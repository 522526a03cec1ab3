package dev.graft.finetune;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Parses {@code graft finetune} arguments into a config the way the command does, for tests. */
final class FinetuneCommandFlags {
    private FinetuneCommandFlags() {}

    static FinetuneConfig parse(List<String> args) {
        FinetuneCommand command = new FinetuneCommand();
        new CommandLine(command).parseArgs(args.toArray(String[]::new));
        return command.config();
    }

    /** Splits on spaces; single quotes group words ({@code --prompt-init-text 'a b'}). */
    static List<String> split(String flags) {
        List<String> out = new ArrayList<>();
        if (flags == null) {
            return out;
        }
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : flags.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            } else if (c == ' ' && !quoted) {
                if (word.length() > 0) {
                    out.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (word.length() > 0) {
            out.add(word.toString());
        }
        return out;
    }
}
