package dev.polytrace.host.pkg;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Programs of one object that hook the same kernel event or function in different ways, of
 * which a C loader keeps one depending on what the kernel supports: libbpf-tools ships
 * {@code tp_btf/sched_switch} with a {@code raw_tp/sched_switch} fallback, {@code fentry/F}
 * with {@code kprobe/F}, {@code fexit/F} with {@code kretprobe/F}, and disables one of each
 * pair before load. Loading both counts every event twice. Pure: what the kernel supports is
 * for the caller to ask.
 */
public final class AlternativeHooks {
    /** Attach kinds in order of preference per hook point: the first the kernel supports wins. */
    private static final Map<String, List<String>> PREFERENCE = Map.of(
            "event", List.of("tp_btf", "raw_tp"),
            "entry", List.of("fentry", "kprobe"),
            "exit", List.of("fexit", "kretprobe"));

    /** A program of the object: its name and the attach kind its section names ("tp_btf", "kprobe"). */
    public record Hook(String program, String kind) {
    }

    /**
     * The programs hooking one target, by attach kind in order of preference; every kind has at
     * least one program and there are at least two kinds.
     */
    public record Group(String target, Map<String, List<String>> programsByKind) {
        /** The attach kinds present, most preferred first. */
        public List<String> kinds() {
            return List.copyOf(programsByKind.keySet());
        }
    }

    private AlternativeHooks() {
    }

    /** The groups among {@code programs} (name, section pairs), in the order their targets first appear. */
    public static List<Group> find(List<ObjectProgram> programs) {
        Map<String, Map<String, List<String>>> byTarget = new LinkedHashMap<>();
        for (ObjectProgram p : programs) {
            String kind = kind(p.section());
            String point = hookPoint(kind);
            if (point == null || target(p.section()).isEmpty()) {
                continue; // "kprobe" alone gets its function at attach time: nothing to compare
            }
            String target = point + " " + target(p.section());
            byTarget.computeIfAbsent(target, t -> new LinkedHashMap<>())
                    .computeIfAbsent(kind, k -> new ArrayList<>()).add(p.name());
        }
        List<Group> groups = new ArrayList<>();
        byTarget.forEach((target, kinds) -> {
            if (kinds.size() > 1) {
                Map<String, List<String>> ordered = new LinkedHashMap<>();
                for (String kind : PREFERENCE.get(target.substring(0, target.indexOf(' ')))) {
                    if (kinds.containsKey(kind)) {
                        ordered.put(kind, List.copyOf(kinds.get(kind)));
                    }
                }
                groups.add(new Group(target.substring(target.indexOf(' ') + 1), ordered));
            }
        });
        return groups;
    }

    /**
     * For a program the verifier rejected: how to load its alternatives instead, e.g.
     * "--disable-program a_btf --disable-program b_btf loads their raw_tp alternatives"; empty
     * when it has none. Every program of its kind that has an alternative is named, since
     * libbpf-tools' C code switches them together.
     */
    public static Optional<String> fallbackHint(List<ObjectProgram> programs, String rejected) {
        List<Group> groups = find(programs);
        String kind = groups.stream().flatMap(g -> g.programsByKind().entrySet().stream())
                .filter(e -> e.getValue().contains(rejected)).map(Map.Entry::getKey).findFirst().orElse(null);
        if (kind == null) {
            return Optional.empty();
        }
        List<String> disable = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (Group g : groups) {
            if (g.programsByKind().containsKey(kind)) {
                disable.addAll(g.programsByKind().get(kind));
                g.kinds().stream().filter(k -> !k.equals(kind) && !others.contains(k)).forEach(others::add);
            }
        }
        return Optional.of(String.join(" ", disable.stream().map(n -> "--disable-program " + n).toList())
                + " loads their " + String.join("/", others) + " alternatives instead");
    }

    /** "tp_btf", "raw_tp", "fentry", "fexit", "kprobe", "kretprobe", or another kind that has no alternative. */
    static String kind(String section) {
        String type = ProgramSection.attachType(section);
        return type.equals("tracepoint") || type.equals("unknown") ? "" : type;
    }

    private static String hookPoint(String kind) {
        for (Map.Entry<String, List<String>> e : PREFERENCE.entrySet()) {
            if (e.getValue().contains(kind)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The event or function after the prefix: "sched_switch" for raw_tp/sched_switch and tp_btf/sched_switch. */
    private static String target(String section) {
        int slash = section.indexOf('/');
        return slash < 0 ? "" : section.substring(slash + 1);
    }
}
