package dev.graft.serve;

import dev.graft.core.engine.GraftEngine;
import picocli.CommandLine;

/** {@code graft serve} without the launcher (for a child JVM in tests, or {@code java -cp ... dev.graft.serve.ServeMain}). */
public final class ServeMain {
    private ServeMain() {}

    public static void main(String[] args) {
        GraftEngine.configureDefaults();
        int code = new CommandLine(new ServeCommand()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }
}
