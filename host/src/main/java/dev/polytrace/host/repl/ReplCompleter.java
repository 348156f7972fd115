package dev.polytrace.host.repl;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.host.bundled.BundledTracers;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jline.builtins.Completers.FileNameCompleter;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion. After {@code :}: the commands, then per command package or handler files, map
 * names, writable variables or languages. In code: top-level names ({@code ctx}, {@code events},
 * the user's variables), the members along a dotted path from a global ({@code ctx.maps.} gives
 * the map names, {@code ctx.maps.counts.} the map's methods), and where the path leads to no
 * known value ({@code ev.} in a loop) the field names of the tracer's event records.
 */
final class ReplCompleter implements Completer {
    private static final List<String> FILE_COMMANDS = List.of(":load", ":handler", ":inspect", ":build");

    private final ReplSession session;
    private final Supplier<Map<String, String>> commands;
    private final FileNameCompleter files = new FileNameCompleter();

    ReplCompleter(ReplSession session, Supplier<Map<String, String>> commands) {
        this.session = session;
        this.commands = commands;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (ReplParser.isCommand(line.line())) {
            command(reader, line, candidates);
        } else {
            code(line.word().substring(0, line.wordCursor()), candidates);
        }
    }

    private void command(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        if (line.wordIndex() == 0) {
            commands.get().forEach((name, description) ->
                    candidates.add(new Candidate(name, name, "commands", description, null, null, true)));
            return;
        }
        String command = line.words().get(0);
        int argument = line.wordIndex();
        if (FILE_COMMANDS.contains(command)) {
            files.complete(reader, line, candidates);
            if (command.equals(":load") && argument == 1) {
                BundledTracers.list().forEach(t ->
                        candidates.add(new Candidate(t.name(), t.name(), "bundled tracers", t.description(), null, null, true)));
            }
            return;
        }
        switch (command) {
            case ":dump", ":watch" -> {
                if (argument == 1) {
                    words(mapNames(), "maps", candidates);
                } else if (command.equals(":dump")) {
                    words(List.of("--json", "--top"), "options", candidates);
                }
            }
            case ":set" -> {
                if (argument == 1) {
                    words(writableVariables(), "variables", candidates);
                }
            }
            case ":lang" -> words(List.of("js", "python"), "languages", candidates);
            case ":help" -> words(commands.get().keySet().stream().map(c -> c.substring(1)).toList(), "commands",
                    candidates);
            case ":events", ":follow" -> words(List.of("--stream"), "options", candidates);
            default -> {
                // no arguments to complete
            }
        }
    }

    private void code(String word, List<Candidate> candidates) {
        int dot = word.lastIndexOf('.');
        if (dot < 0) {
            Set<String> names = new LinkedHashSet<>(List.of("ctx", "events"));
            session.startedConsole().ifPresent(c -> names.addAll(c.globals()));
            for (String name : names) {
                if (!name.startsWith("__") || word.startsWith("_")) {
                    candidates.add(new Candidate(name, name, "names", null, null, null, false));
                }
            }
            return;
        }
        String prefix = word.substring(0, dot);
        String partial = word.substring(dot + 1);
        List<String> path = List.of(prefix.split("\\.", -1));
        if (!prefix.isEmpty() && path.stream().anyMatch(String::isEmpty)) {
            return;
        }
        // An empty prefix is a member of something that is not a name: events(1)[0].
        List<String> members = prefix.isEmpty() ? List.of()
                : session.startedConsole().map(c -> c.members(path)).orElse(List.of());
        String group = "members";
        if (members.isEmpty()) {
            members = new ArrayList<>(session.tracer().map(LoadedTracer::eventFields).orElse(Set.of()));
            group = "event fields";
        }
        for (String member : members) {
            if (!member.startsWith("__") || partial.startsWith("_")) {
                candidates.add(new Candidate(prefix + "." + member, member, group, null, null, null, false));
            }
        }
    }

    private List<String> mapNames() {
        return session.tracer().map(t -> t.object().maps().stream().map(BpfMap::name).toList()).orElse(List.of());
    }

    private List<String> writableVariables() {
        return session.tracer().map(t -> t.variables().stream().filter(v -> !v.isConstant())
                .map(GlobalVariable::name).toList()).orElse(List.of());
    }

    private static void words(List<String> values, String group, List<Candidate> candidates) {
        values.forEach(v -> candidates.add(new Candidate(v, v, group, null, null, null, true)));
    }
}
