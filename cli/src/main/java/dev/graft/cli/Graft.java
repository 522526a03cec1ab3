package dev.graft.cli;

import dev.graft.core.cli.BenchCommand;
import dev.graft.core.cli.ForwardCommand;
import dev.graft.core.cli.GenerateCommand;
import dev.graft.finetune.FinetuneCommand;
import dev.graft.core.engine.GraftEngine;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The one launcher: {@code bin/graft <command>}. Each command lives in the module that owns its logic. */
@Command(name = "graft", mixinStandardHelpOptions = true, versionProvider = Graft.Version.class,
        subcommands = {DemoCommand.class, ForwardCommand.class, BenchCommand.class, dev.graft.core.cli.TokenizerCommand.class, GenerateCommand.class, dev.graft.core.cli.DataCommand.class, FinetuneCommand.class, dev.graft.finetune.PretrainCommand.class, dev.graft.eval.EvalCommand.class, dev.graft.serve.ServeCommand.class, dev.graft.serve.LoadCommand.class, CommandLine.HelpCommand.class},
        description = {
            "Graft: import, fine-tune, evaluate and serve transformer models on the JVM (DJL, PyTorch engine).",
            "Runs offline: libtorch comes from the Maven jars and nothing is downloaded."
        },
        footer = {"", "Run 'graft <command> --help' for a command's options."})
public final class Graft implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the launcher and returns its exit code: 0 success, 1 failure, 2 bad usage. */
    public static int run(String... args) {
        boolean verbose = Arrays.asList(args).contains("--verbose") || Arrays.asList(args).contains("-v");
        configureLogging(verbose);
        GraftEngine.configureDefaults();
        CommandLine cl = new CommandLine(new Graft());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            // One line naming what went wrong; the stack trace only when asked for.
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": error: " + message(ex));
            if (verbose) {
                ex.printStackTrace(cmd.getErr());
            }
            return 1;
        });
        return cl.execute(args);
    }

    private static String message(Throwable ex) {
        String m = ex.getMessage();
        return m == null || m.isBlank() ? ex.getClass().getSimpleName() : m;
    }

    /** slf4j-simple reads its level once, at the first logger: set it before anything logs. */
    private static void configureLogging(boolean verbose) {
        setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", verbose ? "info" : "warn");
        setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
        if (!verbose) {
            // On a machine without CUDA, DJL warns at every start that it found no GPU: noise for a CPU user.
            setIfAbsent("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /** Version from the jar manifest, else the development marker. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Graft.class.getPackage().getImplementationVersion();
            return new String[] {"graft " + (v == null ? "development build" : v)};
        }
    }
}
