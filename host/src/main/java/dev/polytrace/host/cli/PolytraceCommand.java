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
        description = "One-file eBPF tracers with JavaScript and Python handlers.")
public final class PolytraceCommand implements Runnable {
    /** The subcommands, in the order the usage lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, BuildCommand.class, ListCommand.class,
            InspectCommand.class, DoctorCommand.class, ReplCommand.class, ServeCommand.class, RemoteCommand.class,
            SignCommand.class, KeygenCommand.class, PushCommand.class, PullCommand.class, SearchCommand.class,
            ShareCommand.class, RulesCommand.class, CompletionCommand.class, ManPagesCommand.class,
            CommandLine.HelpCommand.class);

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

    /**
     * The process's command line for {@code args}: when they start with a subcommand's name, the
     * tree holds that subcommand only, since picocli builds each command's model by reflection
     * and building all of them cost a run as much as loading its BPF object. Anything else
     * (options, help, a mistyped name that wants suggestions) gets the whole tree.
     */
    static CommandLine forArguments(String[] args) {
        Class<?> named = args.length == 0 ? null : SUBCOMMANDS.stream()
                .filter(c -> c != CommandLine.HelpCommand.class && commandName(c).equals(args[0]))
                .findFirst().orElse(null);
        return commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), Invocation.PROCESS,
                named == null ? SUBCOMMANDS : List.of(named));
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
        return commandLine(out, err, invocation, SUBCOMMANDS);
    }

    private static CommandLine commandLine(PrintWriter out, PrintWriter err, Invocation invocation,
                                           List<Class<?>> subcommands) {
        CommandLine cli = new CommandLine(new PolytraceCommand());
        for (Class<?> subcommand : subcommands) {
            cli.addSubcommand(instantiate(subcommand, invocation));
        }
        cli.setOut(out); // after the subcommands: picocli hands the streams down to them
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new OneLineErrors());
        return cli;
    }

    private static Object instantiate(Class<?> subcommand, Invocation invocation) {
        if (subcommand == RunCommand.class) {
            RunCommand run = new RunCommand();
            run.served.invocation = invocation;
            return run;
        }
        if (subcommand == InspectCommand.class) {
            InspectCommand inspect = new InspectCommand();
            inspect.served.invocation = invocation;
            return inspect;
        }
        return subcommand; // picocli instantiates it
    }

    private static String commandName(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }
}
