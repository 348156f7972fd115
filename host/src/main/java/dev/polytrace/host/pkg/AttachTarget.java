package dev.polytrace.host.pkg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Attach overrides for programs that need a target chosen at run time. Unset fields are null;
 * the command line can override them with {@code --attach PROGRAM.FIELD=VALUE}.
 *
 * @param iface      XDP / tc interface name or index, e.g. "lo"
 * @param direction  tc "ingress" or "egress"
 * @param binary     uprobe / USDT binary path
 * @param symbol     uprobe function, or "provider:probe" for USDT
 * @param offset     uprobe offset into the symbol or file
 * @param pid        uprobe / USDT process, -1 for all
 * @param retprobe   uprobe: attach at function return
 * @param cgroup     cgroup v2 directory
 * @param frequency  perf_event sampling frequency in Hz
 * @param tracepoint "category:name" for a tracepoint program whose section does not say
 * @param xdpFlags   XDP mode flags: 2 generic (skb), 4 driver, 8 hardware; null or 0 lets the kernel choose
 * @param tcHandle   tc filter handle; null for polytrace's own (see TcLink)
 * @param tcPriority tc filter priority; null for a free one of polytrace's range
 */
public record AttachTarget(String iface, String direction, String binary, String symbol, Long offset, Integer pid,
        Boolean retprobe, String cgroup, Long frequency, String tracepoint, Long xdpFlags, Long tcHandle,
        Long tcPriority) {
    /** The field names, in declaration order: the JSON names and those of {@code --attach PROGRAM.FIELD=VALUE}. */
    public static final List<String> FIELDS = List.of("iface", "direction", "binary", "symbol", "offset", "pid",
            "retprobe", "cgroup", "frequency", "tracepoint", "xdpFlags", "tcHandle", "tcPriority");

    /** No target at all: every field unset. */
    public static final AttachTarget NONE = new AttachTarget(null, null, null, null, null, null, null, null, null, null);

    /** A target without the XDP and tc options, which few programs need. */
    public AttachTarget(String iface, String direction, String binary, String symbol, Long offset, Integer pid,
            Boolean retprobe, String cgroup, Long frequency, String tracepoint) {
        this(iface, direction, binary, symbol, offset, pid, retprobe, cgroup, frequency, tracepoint, null, null, null);
    }

    /** An XDP or tc target on an interface: direction, XDP flags and tc handle/priority may be null. */
    public static AttachTarget network(String iface, String direction, Long xdpFlags, Long tcHandle, Long tcPriority) {
        return new AttachTarget(iface, direction, null, null, null, null, null, null, null, null, xdpFlags, tcHandle,
                tcPriority);
    }

    /** This target with every field {@code override} sets replaced; unset fields keep their value. */
    public AttachTarget overriddenBy(AttachTarget override) {
        return new AttachTarget(pick(override.iface, iface), pick(override.direction, direction),
                pick(override.binary, binary), pick(override.symbol, symbol), pick(override.offset, offset),
                pick(override.pid, pid), pick(override.retprobe, retprobe), pick(override.cgroup, cgroup),
                pick(override.frequency, frequency), pick(override.tracepoint, tracepoint),
                pick(override.xdpFlags, xdpFlags), pick(override.tcHandle, tcHandle),
                pick(override.tcPriority, tcPriority));
    }

    /** The fields that are set, by name in declaration order. */
    public Map<String, Object> fields() {
        Object[] values = {iface, direction, binary, symbol, offset, pid, retprobe, cgroup, frequency, tracepoint,
            xdpFlags, tcHandle, tcPriority};
        Map<String, Object> set = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null) {
                set.put(FIELDS.get(i), values[i]);
            }
        }
        return set;
    }

    private static <T> T pick(T preferred, T fallback) {
        return preferred != null ? preferred : fallback;
    }
}
