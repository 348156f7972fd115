package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.bpf.BpfException;
import dev.polytrace.host.output.TerminalText;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Maps every failure of a command to one line on stderr and an exit code; a stack trace only
 * with POLYTRACE_DEBUG set. Users see the cause, not our internals.
 */
final class OneLineErrors implements IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parseResult) {
        cli.getErr().println("polytrace: " + TerminalText.block(message(e))); // messages may quote a package
        if (System.getenv("POLYTRACE_DEBUG") != null) {
            e.printStackTrace(cli.getErr());
        }
        cli.getErr().flush();
        return EXIT_FAILURE;
    }

    static String message(Throwable e) {
        if (e instanceof BpfException || e instanceof UserError) {
            return e.getMessage();
        }
        String m = e.getMessage();
        return (m == null || m.isBlank()) ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
