package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.host.input.DurationParser;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.maps.MapJson;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapSnapshot;
import dev.polytrace.host.maps.MapText;
import dev.polytrace.host.maps.TextTable;
import dev.polytrace.script.codec.EventTable;
import dev.polytrace.script.codec.JsonText;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jline.utils.InfoCmp.Capability;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The prompt's {@code :commands}, as a picocli command tree: each method is one command, parsed
 * and checked by picocli like the CLI's own. The CLI commands that make sense at the prompt
 * ({@code :inspect}, {@code :list}, {@code :doctor}, {@code :build}) are the CLI's very commands,
 * handed in by the caller ({@link FrontEndCommands}).
 */
@Command(name = "repl", description = "Commands of the polytrace prompt.")
final class MetaCommands {
    private static final int DEFAULT_EVENTS = 20;

    private final ReplSession session;
    private final CommandLine tree;

    MetaCommands(ReplSession session, FrontEndCommands frontEnd) {
        this.session = session;
        this.tree = new CommandLine(this);
        tree.setOut(session.terminal().writer());
        tree.setErr(session.terminal().writer());
        tree.setExecutionExceptionHandler((e, cli, parsed) -> {
            session.error(ReplErrors.message(e));
            return 1;
        });
        tree.setParameterExceptionHandler((e, args) -> {
            session.error(e.getMessage() + " (usage: " + synopsis(e.getCommandLine()) + ")");
            return 2;
        });
        frontEnd.writingTo(session.terminal().writer()).forEach((name, command) -> {
            if (command != null) {
                tree.addSubcommand(name, command);
            }
        });
    }

    /** Runs {@code :name args...}; the words come from the line as the shell would split them. */
    void execute(List<String> words) {
        List<String> args = new ArrayList<>(words);
        String name = args.get(0).substring(1);
        if (name.isEmpty() || !tree.getSubcommands().containsKey(name)) {
            session.error("unknown command :" + name + " (:help lists them)");
            return;
        }
        args.set(0, name);
        tree.execute(args.toArray(String[]::new));
    }

    /** Every command, {@code :name} to its one-line description. */
    Map<String, String> names() {
        Map<String, String> names = new TreeMap<>();
        tree.getSubcommands().forEach((name, cli) -> {
            if (!name.equals(cli.getCommandName())) {
                return; // an alias
            }
            String[] description = cli.getCommandSpec().usageMessage().description();
            names.put(":" + name, description.length > 0 ? description[0] : "");
        });
        return names;
    }

    @Command(name = "help", description = "List the commands, or show how to use one.")
    void help(@Parameters(arity = "0..1", paramLabel = "COMMAND") String command) {
        if (command != null) {
            CommandLine sub = tree.getSubcommands().get(command.startsWith(":") ? command.substring(1) : command);
            if (sub == null) {
                throw new UserError("no command :" + command + " (:help lists them)");
            }
            session.print(synopsis(sub) + "\n" + String.join("\n", sub.getCommandSpec().usageMessage().description()));
            return;
        }
        TextTable table = new TextTable("", "");
        names().forEach((name, description) -> table.row(name, description));
        session.print("Type " + session.language().displayName + " to evaluate it; ctx is the handler's ctx"
                + " (ctx.maps.NAME.get/set/delete/keys/entries/clear, ctx.params, ctx.hist.log2(...), ctx.emit),"
                + " events(n, stream) the latest events.\nTab completes, Ctrl-C cancels a line or stops :follow"
                + " and :watch, Ctrl-D leaves and detaches everything.\n"
                + table.render().lines().skip(1).map(l -> l + "\n").reduce("", String::concat));
    }

    @Command(name = "load", description = "Load and attach a tracer (path, URL or bundled name); detaches the current one.")
    void load(@Parameters(paramLabel = "PKG") String spec,
              @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE") List<String> params) {
        session.load(spec, params == null ? List.of() : params);
    }

    @Command(name = "unload", description = "Detach the tracer: programs, links and maps are gone.")
    void unload() {
        if (session.tracer().isEmpty()) {
            throw new UserError("no tracer loaded");
        }
        session.unload();
    }

    @Command(name = "maps", description = "The tracer's maps: name, type, key and value C types, entries.")
    void maps() {
        session.print(MapTable.render(session.requireTracer().object()));
    }

    @Command(name = "dump", description = "A map, decoded and shown as run prints it (--json: its JSON record; "
            + "--top N: only the N biggest values).")
    void dump(@Parameters(paramLabel = "MAP") String mapName, @Option(names = "--json") boolean json,
              @Option(names = "--top", paramLabel = "N") Integer top) {
        LoadedTracer tracer = session.requireTracer();
        if (top != null && top < 0) {
            throw new UserError(":dump --top " + top + ": give 0 (every row) or more");
        }
        MapReport report = shown(tracer, map(tracer.object(), mapName), top == null ? 0 : top);
        session.print(json ? JsonText.of(MapJson.record(report)) + "\n" : MapText.render(report));
    }

    @Command(name = "watch", description = "Redraw a map (its histogram for histogram maps) every INTERVAL until Ctrl-C.")
    void watch(@Parameters(index = "0", paramLabel = "MAP") String mapName,
               @Parameters(index = "1", arity = "0..1", paramLabel = "INTERVAL") String interval) {
        LoadedTracer tracer = session.requireTracer();
        BpfMap map = map(tracer.object(), mapName);
        Duration every = interval == null ? Duration.ofSeconds(1) : DurationParser.parse(interval);
        if (every.isZero() || every.isNegative()) {
            throw new UserError(":watch: the interval must be positive");
        }
        boolean clears = session.terminal().getStringCapability(Capability.clear_screen) != null;
        LiveView.End end = new LiveView(session.terminal(), session.interrupts()).run(every, () -> {
            String body = MapText.render(shown(tracer, map, 0));
            String header = mapName + " at " + EventTable.clock(LocalTime.now())
                    + ", every " + every.toMillis() + " ms (Ctrl-C stops)";
            if (clears) {
                session.terminal().puts(Capability.clear_screen);
            }
            session.print((clears ? "" : "--- ") + header + "\n" + body);
        });
        stopped(end);
    }

    @Command(name = "params", description = "The tracer's global variables and values; .bss/.data ones can be :set.")
    void params() {
        session.print(VariableTable.render(session.requireTracer(), session.display()));
    }

    @Command(name = "set", description = "Change a .bss or .data variable while the programs run (.rodata is fixed at load).")
    void set(@Parameters(index = "0", paramLabel = "NAME") String name,
             @Parameters(index = "1", paramLabel = "VALUE") String value) {
        session.print(VariableTable.set(session.requireTracer(), name, value, session.display()));
    }

    @Command(name = "handler", description = "Attach a JS or Python handler file, or swap it in for the running one.")
    void handler(@Parameters(paramLabel = "FILE") Path file) {
        session.attachHandler(file);
    }

    @Command(name = "events", description = "The latest events (default 20), oldest first.")
    void events(@Parameters(arity = "0..1", paramLabel = "N") Integer count,
                @Option(names = "--stream", paramLabel = "MAP") String stream) {
        LoadedTracer tracer = session.requireTracer();
        List<RecordedEvent> events = tracer.events().latest(count == null ? DEFAULT_EVENTS : Math.max(0, count), stream);
        if (events.isEmpty()) {
            session.print("no events yet");
            return;
        }
        JavaDisplay display = session.display();
        StringBuilder out = new StringBuilder();
        events.forEach(e -> out.append(e.line(display)).append('\n'));
        session.print(out.toString());
    }

    @Command(name = "follow", description = "Print events as they arrive until Ctrl-C.")
    void follow(@Option(names = "--stream", paramLabel = "MAP") String stream) {
        LoadedTracer tracer = session.requireTracer();
        JavaDisplay display = session.display();
        AtomicLong seen = new AtomicLong(tracer.events().lastSeq());
        session.print("following " + tracer.name() + " (Ctrl-C stops)");
        LiveView.End end = new LiveView(session.terminal(), session.interrupts()).run(Duration.ofMillis(100), () -> {
            List<RecordedEvent> fresh = tracer.events().after(seen.get());
            if (!fresh.isEmpty() && fresh.get(0).seq() > seen.get() + 1) {
                session.print("(" + (fresh.get(0).seq() - seen.get() - 1) + " events overwritten before they were shown)");
            }
            StringBuilder out = new StringBuilder();
            for (RecordedEvent e : fresh) {
                if (stream == null || e.stream().equals(stream)) {
                    out.append(e.line(display)).append('\n');
                }
                seen.set(e.seq());
            }
            if (!out.isEmpty()) {
                session.print(out.toString());
            }
        });
        stopped(end);
    }

    @Command(name = "lang", description = "Switch the prompt to js or python (each keeps its own variables).")
    void lang(@Parameters(paramLabel = "js|python") String language) {
        session.switchLanguage(ReplLanguage.parse(language));
    }

    @Command(name = "stats", description = "Events per second, drops and handler errors.")
    void stats() {
        session.print(session.stats().render(session.requireTracer()));
    }

    @Command(name = "quit", aliases = {"exit", "q"}, description = "Leave, detaching everything (as Ctrl-D does).")
    void quit() {
        session.requestQuit();
    }

    private void stopped(LiveView.End end) {
        if (end == LiveView.End.END_OF_INPUT) {
            session.requestQuit();
        }
    }

    /** The map as run prints it: in its sampled form when the package samples it. */
    private static MapReport shown(LoadedTracer tracer, BpfMap map, int top) {
        if (map.type().isEventStream()) {
            throw new UserError(map.name() + " is a " + map.type().displayName()
                    + " map: it holds no entries, its records are events (:events, :follow)");
        }
        return MapReports.shown(MapSnapshot.read(map, tracer.object().btf()),
                tracer.pkg().outputs().sampled(map.name()), top);
    }

    private static BpfMap map(BpfObject object, String name) {
        return object.findMap(name).orElseThrow(() -> new UserError("no map '" + name + "'; maps: "
                + String.join(", ", object.maps().stream().map(BpfMap::name).toList())));
    }

    /** {@code :dump MAP [--json]}. */
    private static String synopsis(CommandLine command) {
        String text = command.getHelp().synopsis(0).strip();
        String root = "repl ";
        return ":" + (text.startsWith(root) ? text.substring(root.length()) : text);
    }
}
