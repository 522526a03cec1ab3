package dev.graft.serve;

import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * A command run as the launcher runs it: a failure prints one line and exits 1, a usage error exits 2.
 *
 * @param err what the command printed to standard error
 */
record CommandRun(int code, String err) {
    static CommandRun of(Object command, String name, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("graft " + name + ": error: " + ex.getMessage());
            return 1;
        });
        return new CommandRun(cl.execute(args), err.toString());
    }
}
