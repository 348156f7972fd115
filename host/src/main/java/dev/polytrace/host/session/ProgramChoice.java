package dev.polytrace.host.session;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.FeatureStatus;
import dev.polytrace.bpf.Features;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenProgram;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.AlternativeHooks;
import dev.polytrace.host.pkg.AlternativeHooks.Group;
import dev.polytrace.host.pkg.ObjectProgram;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Chooses, before load, which programs of an object are loaded, as a tool's C user space does
 * with {@code bpf_program__set_autoload}: programs the user disabled are not, and of programs
 * that are alternatives for one hook ({@link AlternativeHooks}) only those of the most preferred
 * attach kind this kernel supports are. What it decided is one line for the user.
 */
final class ProgramChoice {
    /** Whether an attach kind works here, probed for real once per process. */
    static final Function<String, FeatureStatus> KERNEL = kind -> Features.attach(switch (kind) {
        case "tp_btf" -> AttachKind.TP_BTF;
        case "raw_tp" -> AttachKind.RAW_TRACEPOINT;
        case "fentry", "fexit" -> AttachKind.FENTRY; // both are BPF trampolines
        case "kprobe", "kretprobe" -> AttachKind.KPROBE;
        default -> throw new IllegalArgumentException("no probe for attach kind " + kind);
    });

    private ProgramChoice() {
    }

    /**
     * Disables the programs named in {@code disabled} and the alternatives not chosen.
     *
     * @return the decision about alternatives as one sentence, or "" when the object has none
     */
    static String apply(OpenBpfObject open, Set<String> disabled, Function<String, FeatureStatus> support) {
        for (String name : disabled) {
            OpenProgram program = open.programs().stream().filter(p -> p.name().equals(name)).findFirst()
                    .orElseThrow(() -> new UserError("--disable-program " + name + ": no program '" + name
                            + "' in the object (programs: " + String.join(", ",
                            open.programs().stream().map(OpenProgram::name).toList()) + ")"));
            program.setAutoload(false);
        }
        List<ObjectProgram> loaded = open.programs().stream().filter(OpenProgram::autoload)
                .map(p -> new ObjectProgram(p.name(), p.section())).toList();
        Map<String, Decision> decisions = new LinkedHashMap<>();
        for (Group group : AlternativeHooks.find(loaded)) {
            String chosen = group.kinds().stream().filter(k -> support.apply(k).available()).findFirst()
                    .orElse(group.kinds().get(0));
            List<String> others = group.kinds().stream().filter(k -> !k.equals(chosen)).toList();
            Decision d = decisions.computeIfAbsent(chosen + " " + others, k -> new Decision(chosen, group.kinds(),
                    support));
            d.loaded.addAll(group.programsByKind().get(chosen));
            for (String other : others) {
                for (String name : group.programsByKind().get(other)) {
                    open.program(name).setAutoload(false);
                    d.skipped.add(name);
                }
            }
        }
        if (decisions.isEmpty()) {
            return "";
        }
        return "alternative programs: " + String.join("; ", decisions.values().stream().map(Decision::sentence)
                .toList()) + " (--disable-program NAME to choose otherwise)";
    }

    /** Programs of one kind loaded instead of those of the other kinds of their groups. */
    private static final class Decision {
        private final String kind;
        private final List<String> preference;
        private final Function<String, FeatureStatus> support;
        private final List<String> loaded = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        Decision(String kind, List<String> preference, Function<String, FeatureStatus> support) {
            this.kind = kind;
            this.preference = preference;
            this.support = support;
        }

        /** Says why when a preferred kind was passed over, or when no kind works here. */
        String sentence() {
            List<String> others = preference.stream().filter(k -> !k.equals(kind)).toList();
            StringBuilder s = new StringBuilder("loading ").append(kind).append(' ').append(String.join(", ", loaded))
                    .append(" instead of ").append(String.join("/", others)).append(' ')
                    .append(String.join(", ", skipped));
            List<String> reasons = new ArrayList<>();
            for (String k : preference) {
                FeatureStatus status = support.apply(k);
                if (!status.available()) {
                    reasons.add(k + ": " + status.reason());
                }
                if (k.equals(kind)) {
                    break;
                }
            }
            if (!reasons.isEmpty()) {
                s.append(" (").append(String.join("; ", reasons)).append(')');
            }
            return s.toString();
        }
    }
}
