package dev.polytrace.host.filter;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.GlobalVariables;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Sets {@code polytrace.h}'s filter globals before the load, and its cgroup set after it. */
public final class KernelFilter {
    private static final String CGROUPS = "__polytrace_filter_cgroups";

    private KernelFilter() {
    }

    /** Before the load: the globals each program's {@code polytrace_wanted()} reads. */
    public static void configure(OpenBpfObject open, ResolvedFilter filter) {
        GlobalVariables vars = open.variables();
        if (filter.pid() != null) {
            vars.get(FilterPlacement.PID).setLong(filter.pid());
        }
        if (filter.uid() != null) {
            vars.get("__polytrace_filter_by_uid").setBoolean(true);
            vars.get("__polytrace_filter_uid").setLong(filter.uid());
        }
        if (filter.comm() != null) {
            vars.get("__polytrace_filter_comm").setString(filter.comm());
        }
        if (filter.byCgroup()) {
            vars.get("__polytrace_filter_by_cgroup").setBoolean(true);
        }
    }

    /**
     * After the load, before any program is attached: the wanted cgroups. Until then the set is
     * empty, so a program run meanwhile wants nothing rather than everything.
     */
    public static void fill(BpfObject object, ResolvedFilter filter) {
        if (!filter.byCgroup()) {
            return;
        }
        BpfMap cgroups = object.map(CGROUPS);
        for (long id : filter.cgroupIds()) {
            byte[] key = ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(id).array();
            cgroups.update(key, new byte[] {1});
        }
    }
}
