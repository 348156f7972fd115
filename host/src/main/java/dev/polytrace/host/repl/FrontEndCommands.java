package dev.polytrace.host.repl;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine;

/**
 * The commands of the front end that starts the prompt which also make sense at it ({@code
 * :inspect}, {@code :list}, ...), by name, writing to the prompt's terminal. Given by the caller,
 * so the REPL runs the CLI's very commands without depending on the CLI.
 */
@FunctionalInterface
public interface FrontEndCommands {
    /** No commands beyond the prompt's own. */
    FrontEndCommands NONE = out -> Map.of();

    Map<String, CommandLine> writingTo(PrintWriter out);
}
