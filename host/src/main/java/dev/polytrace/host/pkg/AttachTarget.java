package dev.polytrace.host.pkg;

/**
 * Attach overrides for programs that need a target chosen at run time. Unset fields are null;
 * the command line can override them with {@code --attach PROGRAM.FIELD=VALUE}.
 *
 * @param iface     XDP / tc interface name or index, e.g. "lo"
 * @param direction tc "ingress" or "egress"
 * @param binary    uprobe / USDT binary path
 * @param symbol    uprobe function, or "provider:probe" for USDT
 * @param offset    uprobe offset into the symbol or file
 * @param pid       uprobe / USDT process, -1 for all
 * @param retprobe  uprobe: attach at function return
 * @param cgroup    cgroup v2 directory
 * @param frequency perf_event sampling frequency in Hz
 * @param tracepoint "category:name" for a tracepoint program whose section does not say
 */
public record AttachTarget(String iface, String direction, String binary, String symbol, Long offset, Integer pid,
        Boolean retprobe, String cgroup, Long frequency, String tracepoint) {
    /** This target with every field {@code override} sets replaced; unset fields keep their value. */
    public AttachTarget overriddenBy(AttachTarget override) {
        return new AttachTarget(pick(override.iface, iface), pick(override.direction, direction),
                pick(override.binary, binary), pick(override.symbol, symbol), pick(override.offset, offset),
                pick(override.pid, pid), pick(override.retprobe, retprobe), pick(override.cgroup, cgroup),
                pick(override.frequency, frequency), pick(override.tracepoint, tracepoint));
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
