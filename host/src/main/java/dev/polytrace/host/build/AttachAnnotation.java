package dev.polytrace.host.build;

import dev.polytrace.host.pkg.AttachTarget;
import java.util.List;
import java.util.Set;

/**
 * {@code /// @attach {...}} above a program: the run-time target its section cannot say, e.g.
 * {@code {"iface": "lo", "direction": "ingress"}} for tc or {@code {"binary": "/bin/bash",
 * "symbol": "readline"}} for a uprobe. Fields are those of {@link AttachTarget}.
 */
final class AttachAnnotation {
    private static final Set<String> FIELDS = Set.of("iface", "direction", "binary", "symbol", "offset", "pid",
            "retprobe", "cgroup", "frequency", "tracepoint");

    private AttachAnnotation() {
    }

    static AttachTarget parse(Annotation annotation, String file) {
        AnnotationJson json = AnnotationJson.parse(annotation, file, FIELDS);
        Long pid = json.integer("pid", -1);
        String tracepoint = json.string("tracepoint", null);
        if (tracepoint != null && !tracepoint.matches("[^:/\\s]+[:/][^:/\\s]+")) {
            throw json.fail("tracepoint", "must be \"category:name\", e.g. \"sched:sched_switch\"");
        }
        return new AttachTarget(json.stringOrNumber("iface"),
                json.choice("direction", null, List.of("ingress", "egress")),
                json.string("binary", null), json.string("symbol", null), json.integer("offset", 0),
                pid == null ? null : Math.toIntExact(pid), json.bool("retprobe"), json.string("cgroup", null),
                json.integer("frequency", 1), tracepoint);
    }
}
