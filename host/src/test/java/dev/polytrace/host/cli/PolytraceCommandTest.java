package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The command tree a process builds for its arguments: the named subcommand only, else all. */
class PolytraceCommandTest {
    @Test
    void aSubcommandsNameBuildsThatSubcommandOnly() {
        assertEquals(Set.of("run"), PolytraceCommand.forArguments(new String[] {"run", "x.tracer.json"})
                .getSubcommands().keySet());
        assertEquals(Set.of("inspect"), PolytraceCommand.forArguments(new String[] {"inspect", "-"})
                .getSubcommands().keySet());
    }

    @Test
    void anythingElseBuildsTheWholeTree() {
        Set<String> all = PolytraceCommand.commandLine().getSubcommands().keySet();
        assertTrue(all.containsAll(List.of("run", "serve", "repl", "help", "completion")), all.toString());
        for (String[] args : List.of(new String[] {}, new String[] {"--help"}, new String[] {"help", "run"},
                new String[] {"rnu"}, new String[] {"--version"})) {
            assertEquals(all, PolytraceCommand.forArguments(args).getSubcommands().keySet(), List.of(args).toString());
        }
    }

    @Test
    void aSubcommandsUsageIsTheSameInEitherTree() {
        CommandLine alone = PolytraceCommand.forArguments(new String[] {"run"}).getSubcommands().get("run");
        CommandLine inTree = PolytraceCommand.commandLine().getSubcommands().get("run");
        assertEquals(usage(inTree), usage(alone));
        assertTrue(usage(alone).startsWith("Usage: polytrace run "), usage(alone));
    }

    private static String usage(CommandLine command) {
        StringWriter text = new StringWriter();
        command.usage(new PrintWriter(text), CommandLine.Help.Ansi.OFF);
        return text.toString();
    }
}
