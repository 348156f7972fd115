package dev.polytrace.host.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The command tree; shared by the CLI and, later, the REPL. */
@Command(name = "polytrace", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "One-file eBPF tracers with JavaScript and Python handlers.",
        subcommands = {RunCommand.class, BuildCommand.class, ListCommand.class, InspectCommand.class, DoctorCommand.class, ReplCommand.class, ServeCommand.class, RemoteCommand.class, SignCommand.class, KeygenCommand.class, PushCommand.class, PullCommand.class, SearchCommand.class, ShareCommand.class, RulesCommand.class, CompletionCommand.class, ManPagesCommand.class, CommandLine.HelpCommand.class})
public final class PolytraceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** A command line with our error mapping, writing to the process's stdout/stderr. */
    public static CommandLine commandLine() {
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true));
    }

    /** The commands that also work at the REPL's prompt, writing to {@code out}. */
    public static Map<String, CommandLine> promptCommands(PrintWriter out) {
        Map<String, CommandLine> commands = new LinkedHashMap<>();
        CommandLine cli = commandLine(out, out);
        for (String name : List.of("inspect", "list", "doctor", "build")) {
            commands.put(name, cli.getSubcommands().get(name));
        }
        return commands;
    }

    /** A command line writing to the given streams (tests, REPL, daemon). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, Invocation.PROCESS);
    }

    /** As {@link #commandLine(PrintWriter, PrintWriter)}, for a command line run on behalf of {@code invocation}. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Invocation invocation) {
        CommandLine cli = new CommandLine(new PolytraceCommand());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        ((RunCommand) cli.getSubcommands().get("run").getCommand()).invocation = invocation;
        ((InspectCommand) cli.getSubcommands().get("inspect").getCommand()).invocation = invocation;
        return cli;
    }
}
