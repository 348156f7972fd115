package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.AttachTarget;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --attach PROGRAM.FIELD=VALUE} options folded into one target per program. */
final class AttachOverrides {
    private AttachOverrides() {
    }

    static Map<String, AttachTarget> parse(List<String> assignments) {
        Map<String, Map<String, String>> fields = new HashMap<>();
        for (String a : assignments) {
            int dot = a.indexOf('.');
            int eq = a.indexOf('=');
            if (dot <= 0 || eq < dot) {
                throw new UserError("--attach " + a + ": expected PROGRAM.FIELD=VALUE, e.g. xdp_count.iface=lo");
            }
            fields.computeIfAbsent(a.substring(0, dot), k -> new HashMap<>()).put(a.substring(dot + 1, eq), a.substring(eq + 1));
        }
        Map<String, AttachTarget> targets = new HashMap<>();
        fields.forEach((program, f) -> targets.put(program, target(program, f)));
        return targets;
    }

    private static AttachTarget target(String program, Map<String, String> f) {
        for (String key : f.keySet()) {
            if (!AttachTarget.FIELDS.contains(key)) {
                throw new UserError("--attach " + program + "." + key + ": unknown field; valid: "
                        + String.join(", ", AttachTarget.FIELDS));
            }
        }
        try {
            return new AttachTarget(f.get("iface"), f.get("direction"), f.get("binary"), f.get("symbol"),
                    number(f, "offset"), f.containsKey("pid") ? Integer.valueOf(f.get("pid")) : null,
                    f.containsKey("retprobe") ? Boolean.valueOf(f.get("retprobe")) : null, f.get("cgroup"),
                    number(f, "frequency"), f.get("tracepoint"), number(f, "xdpFlags"), number(f, "tcHandle"),
                    number(f, "tcPriority"));
        } catch (NumberFormatException e) {
            throw new UserError("--attach " + program + ": not a number: " + e.getMessage());
        }
    }

    /** Decimal or 0x hex, as C tools take them. */
    private static Long number(Map<String, String> fields, String name) {
        return fields.containsKey(name) ? Long.decode(fields.get(name)) : null;
    }
}
