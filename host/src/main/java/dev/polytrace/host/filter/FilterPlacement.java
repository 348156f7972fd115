package dev.polytrace.host.filter;

import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.host.pkg.ObjectContents;

/**
 * Where a tracer's filters run: in the kernel when its object has the globals of the bundled
 * {@code polytrace.h} (each program asks {@code polytrace_wanted()} first), else in the host,
 * from each event's fields, before the handler sees it.
 */
public enum FilterPlacement {
    KERNEL("in the kernel (polytrace.h)"),
    HOST("in the host, from the events' pid, uid, comm and cgroup_id fields");

    static final String PID = "__polytrace_filter_pid";

    private final String description;

    FilterPlacement(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    public static FilterPlacement of(OpenBpfObject open) {
        return open.variables().find(PID).isPresent() ? KERNEL : HOST;
    }

    /** From the object's BTF, for {@code inspect}, without opening it. */
    public static FilterPlacement of(ObjectContents contents) {
        return contents.btf().map(btf -> btf.types().stream().anyMatch(t -> PID.equals(t.name()))).orElse(false)
                ? KERNEL : HOST;
    }
}
