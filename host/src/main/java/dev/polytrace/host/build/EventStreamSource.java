package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The ring buffer and perf event array maps of a source and its headers, and the record type each
 * carries: the {@code --event MAP=TYPE} option when given, else the {@code /// @event TYPE}
 * annotation above the map's definition, else the one type that every typed write to the map
 * agrees on (see {@link RecordTypeInference}).
 */
final class EventStreamSource {
    static final Pattern TYPE_NAME = Pattern.compile("((struct|union|enum)\\s+)?[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A stream map as the source and its headers define or write it.
     *
     * @param kind   "ringbuf" or "perf"
     * @param type   the record's C type as spelled in the source, e.g. "struct event"
     * @param origin where the type was decided: the map's definition, its first typed write when it
     *               is defined elsewhere, or the {@code --event} option
     */
    record Stream(String map, String kind, String type, StreamOrigin origin) {
    }

    /** A stream map's definition in one of the tree's files. */
    private record Defined(SourceFile file, Declaration map, String kind) {
        SourceLine line() {
            return new SourceLine(file.path(), map.line());
        }
    }

    private EventStreamSource() {
    }

    static List<Stream> find(SourceTree tree, List<EventTypeOverride> overrides) {
        Map<String, List<RecordTypeInference.Write>> writes = RecordTypeInference.writes(tree,
                StreamWrappers.find(tree));
        Map<String, Defined> defined = definedStreams(tree);
        Map<String, EventTypeOverride> chosen = chosenTypes(overrides, tree, defined, writes);
        Map<String, Stream> streams = new LinkedHashMap<>();
        for (Defined d : defined.values()) {
            String name = d.map().name();
            streams.put(name, stream(d, chosen.get(name), writes.getOrDefault(name, List.of())));
        }
        for (Map.Entry<String, List<RecordTypeInference.Write>> e : writes.entrySet()) {
            String name = e.getKey();
            if (!streams.containsKey(name)) {
                writtenOnly(name, chosen.get(name), e.getValue()).ifPresent(s -> streams.put(name, s));
            }
        }
        return List.copyOf(streams.values());
    }

    /** A map defined in the tree: the option's type, else the annotation's, else the inferred one. */
    private static Stream stream(Defined d, EventTypeOverride option, List<RecordTypeInference.Write> writes) {
        String name = d.map().name();
        if (option != null) {
            return new Stream(name, d.kind(), option.type(), option);
        }
        Optional<Annotation> event = d.map().doc().annotation(Annotation.EVENT);
        String type = event.isPresent() ? annotatedType(event.get(), d.file())
                : inferredType(name, d.kind(), d.line(), writes);
        return new Stream(name, d.kind(), type, d.line());
    }

    /**
     * A map written in the tree but defined elsewhere (a system header, a macro): whether it is a
     * stream map only the object can tell, so a type that cannot be inferred is left for
     * {@link OutputList} to report, if it is one.
     */
    private static Optional<Stream> writtenOnly(String name, EventTypeOverride option,
            List<RecordTypeInference.Write> writes) {
        String kind = writes.get(0).kind();
        if (option != null) {
            return Optional.of(new Stream(name, kind, option.type(), option));
        }
        try {
            String type = inferredType(name, kind, writes.get(0).at(), writes);
            SourceLine firstTyped = writes.stream().filter(w -> w.type().isPresent()).findFirst().orElseThrow().at();
            return Optional.of(new Stream(name, kind, type, firstTyped));
        } catch (BuildException notInferable) {
            return Optional.empty();
        }
    }

    /** The ring buffer and perf event array definitions of the tree; the first definition of a name wins. */
    private static Map<String, Defined> definedStreams(SourceTree tree) {
        Map<String, Defined> defined = new LinkedHashMap<>();
        for (SourceFile file : tree.files()) {
            for (Declaration map : file.declarations(Declaration.Kind.MAP)) {
                Optional<Annotation> event = map.doc().annotation(Annotation.EVENT);
                String kind = kindOf(map.mapType());
                if (kind == null && event.isPresent()) {
                    throw new BuildException(event.get().where(file.fileName()) + " is above map '" + map.name()
                            + "', which is not a ring buffer or perf event array");
                }
                if (kind != null) {
                    defined.putIfAbsent(map.name(), new Defined(file, map, kind));
                }
            }
        }
        return defined;
    }

    /** The {@code --event} options by map, each naming a stream map of the tree. */
    private static Map<String, EventTypeOverride> chosenTypes(List<EventTypeOverride> overrides, SourceTree tree,
            Map<String, Defined> defined, Map<String, List<RecordTypeInference.Write>> writes) {
        Map<String, EventTypeOverride> chosen = new LinkedHashMap<>();
        for (EventTypeOverride o : overrides) {
            if (!defined.containsKey(o.map()) && !writes.containsKey(o.map())) {
                Set<String> known = new LinkedHashSet<>(defined.keySet());
                known.addAll(writes.keySet());
                throw new BuildException(o.label() + ": " + tree.source().fileName() + " and the headers it "
                        + "includes define or write no ring buffer or perf event array map '" + o.map() + "'"
                        + (known.isEmpty() ? "" : " (they have: " + String.join(", ", known) + ")"));
            }
            chosen.put(o.map(), o);
        }
        return chosen;
    }

    /** "ringbuf" / "perf" for the map type as written in {@code __uint(type, X)}, null for other maps. */
    static String kindOf(String mapType) {
        if (mapType == null) {
            return null;
        }
        return switch (mapType) {
            case "BPF_MAP_TYPE_RINGBUF", "27" -> "ringbuf";
            case "BPF_MAP_TYPE_PERF_EVENT_ARRAY", "4" -> "perf";
            default -> null;
        };
    }

    private static String annotatedType(Annotation event, SourceFile file) {
        String type = event.argument().replaceAll(";$", "").strip().replaceAll("\\s+", " ");
        if (!TYPE_NAME.matcher(type).matches()) {
            throw new BuildException(event.where(file.fileName()) + ": expected a type name such as "
                    + "'struct event' or 'event_t', got '" + event.argument() + "'");
        }
        return type;
    }

    private static String inferredType(String map, String kind, SourceLine at, List<RecordTypeInference.Write> writes) {
        Set<String> types = new LinkedHashSet<>();
        List<String> seen = new ArrayList<>();
        for (RecordTypeInference.Write w : writes) {
            if (w.type().isPresent() && types.add(w.type().get().toString())) {
                seen.add(w.type().get() + " at " + w.at().label());
            }
        }
        if (types.size() == 1) {
            return types.iterator().next();
        }
        String what = (kind.equals("ringbuf") ? "ring buffer" : "perf event array") + " map '" + map + "'";
        if (types.isEmpty()) {
            String calls = kind.equals("ringbuf") ? "bpf_ringbuf_reserve/bpf_ringbuf_output"
                    : "bpf_perf_event_output";
            throw new BuildException(at.label() + ": cannot tell the record type of " + what + ": no " + calls
                    + " call on it, direct or through a helper function, shows a typed record; " + fix(map));
        }
        throw new BuildException(at.label() + ": " + what + " is written with different types ("
                + seen.stream().collect(Collectors.joining(", ")) + "); " + fix(map) + " to choose one");
    }

    /** The two ways to name a record type, for messages that ask for one. */
    static String fix(String map) {
        return "add '/// @event struct NAME' above the map's definition or build with '--event " + map
                + "=struct NAME'";
    }
}
