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
 * The ring buffer and perf event array maps of a source and the record type each carries: the
 * {@code /// @event TYPE} annotation above the map's definition when there is one, otherwise the
 * one type that every typed write to the map agrees on (see {@link RecordTypeInference}).
 */
final class EventStreamSource {
    private static final Pattern TYPE_NAME = Pattern.compile("((struct|union|enum)\\s+)?[A-Za-z_][A-Za-z0-9_]*");

    /**
     * A stream map as the source defines or writes it.
     *
     * @param kind "ringbuf" or "perf"
     * @param type the record's C type as spelled in the source, e.g. "struct event"
     * @param line the map's definition, or its first write when it is defined elsewhere
     */
    record Stream(String map, String kind, String type, int line) {
    }

    private EventStreamSource() {
    }

    static List<Stream> find(SourceFile source) {
        Map<String, List<RecordTypeInference.Write>> writes = RecordTypeInference.writes(source);
        Map<String, Stream> streams = new LinkedHashMap<>();
        for (Declaration map : source.declarations(Declaration.Kind.MAP)) {
            Optional<Annotation> event = map.doc().annotation(Annotation.EVENT);
            String kind = kindOf(map.mapType());
            if (kind == null) {
                if (event.isPresent()) {
                    throw new BuildException(event.get().where(source.fileName()) + " is above map '" + map.name()
                            + "', which is not a ring buffer or perf event array");
                }
                continue;
            }
            List<RecordTypeInference.Write> mapWrites = writes.getOrDefault(map.name(), List.of());
            String type = event.isPresent() ? annotatedType(event.get(), source)
                    : inferredType(map.name(), kind, map.line(), mapWrites, source);
            streams.put(map.name(), new Stream(map.name(), kind, type, map.line()));
        }
        for (Map.Entry<String, List<RecordTypeInference.Write>> e : writes.entrySet()) {
            if (!streams.containsKey(e.getKey())) {
                // Defined in a header: whether it is a stream map only the object can tell, so a
                // type that cannot be inferred is reported later, and only if it is one.
                RecordTypeInference.Write first = e.getValue().get(0);
                try {
                    String type = inferredType(e.getKey(), first.kind(), first.line(), e.getValue(), source);
                    streams.put(e.getKey(), new Stream(e.getKey(), first.kind(), type, first.line()));
                } catch (BuildException notInferable) {
                    // reported by OutputList when the object has such a stream map
                }
            }
        }
        return List.copyOf(streams.values());
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

    private static String annotatedType(Annotation event, SourceFile source) {
        String type = event.argument().replaceAll(";$", "").strip().replaceAll("\\s+", " ");
        if (!TYPE_NAME.matcher(type).matches()) {
            throw new BuildException(event.where(source.fileName()) + ": expected a type name such as "
                    + "'struct event' or 'event_t', got '" + event.argument() + "'");
        }
        return type;
    }

    private static String inferredType(String map, String kind, int line, List<RecordTypeInference.Write> writes,
            SourceFile source) {
        Set<String> types = new LinkedHashSet<>();
        List<String> seen = new ArrayList<>();
        for (RecordTypeInference.Write w : writes) {
            if (w.type().isPresent() && types.add(w.type().get().toString())) {
                seen.add(w.type().get() + " at line " + w.line());
            }
        }
        String what = (kind.equals("ringbuf") ? "ring buffer" : "perf event array") + " map '" + map + "'";
        String fix = "add '/// @event TYPE' (e.g. '/// @event struct event') above its definition";
        if (types.size() == 1) {
            return types.iterator().next();
        }
        if (types.isEmpty()) {
            String calls = kind.equals("ringbuf") ? "bpf_ringbuf_reserve/bpf_ringbuf_output"
                    : "bpf_perf_event_output";
            throw new BuildException(source.fileName() + ":" + line + ": cannot tell the record type of " + what
                    + ": no " + calls + " call on it shows a typed record; " + fix);
        }
        throw new BuildException(source.fileName() + ":" + line + ": " + what + " is written with different types ("
                + seen.stream().collect(Collectors.joining(", ")) + "); " + fix + " to choose one");
    }
}
