package dev.polytrace.host.pkg;

import java.util.List;

/**
 * The attach type a program's ELF section names, following libbpf's section prefixes
 * ({@code tp/sched/sched_process_exec} is a tracepoint, {@code kretprobe/vfs_read} a kprobe at
 * return). Longer prefixes come first so that {@code tp_btf} is not taken for {@code tp}.
 */
public final class ProgramSection {
    private static final List<Prefix> PREFIXES = List.of(
            new Prefix("tracepoint", "tracepoint"), new Prefix("tp_btf", "tp_btf"), new Prefix("tp", "tracepoint"),
            new Prefix("raw_tracepoint.w", "raw_tp"), new Prefix("raw_tracepoint", "raw_tp"),
            new Prefix("raw_tp.w", "raw_tp"), new Prefix("raw_tp", "raw_tp"),
            new Prefix("kprobe.multi", "kprobe"), new Prefix("kretprobe.multi", "kretprobe"),
            new Prefix("kprobe", "kprobe"), new Prefix("kretprobe", "kretprobe"),
            new Prefix("ksyscall", "ksyscall"), new Prefix("kretsyscall", "kretsyscall"),
            new Prefix("uprobe.multi", "uprobe"), new Prefix("uretprobe.multi", "uretprobe"),
            new Prefix("uprobe", "uprobe"), new Prefix("uretprobe", "uretprobe"), new Prefix("usdt", "usdt"),
            new Prefix("fentry", "fentry"), new Prefix("fexit", "fexit"), new Prefix("fmod_ret", "fmod_ret"),
            new Prefix("freplace", "freplace"), new Prefix("lsm_cgroup", "lsm"), new Prefix("lsm", "lsm"),
            new Prefix("iter", "iter"), new Prefix("xdp", "xdp"), new Prefix("tcx", "tc"), new Prefix("tc", "tc"),
            new Prefix("classifier", "tc"), new Prefix("action", "tc"), new Prefix("perf_event", "perf_event"),
            new Prefix("cgroup_skb", "cgroup"), new Prefix("cgroup", "cgroup"), new Prefix("sockops", "cgroup"),
            new Prefix("socket", "socket"), new Prefix("sk_skb", "sk_skb"), new Prefix("sk_msg", "sk_msg"),
            new Prefix("sk_lookup", "sk_lookup"), new Prefix("sk_reuseport", "sk_reuseport"),
            new Prefix("flow_dissector", "flow_dissector"), new Prefix("netfilter", "netfilter"),
            new Prefix("struct_ops", "struct_ops"), new Prefix("syscall", "syscall"));

    private ProgramSection() {
    }

    /** The attach type for a section name, or "unknown" when libbpf would not recognise it either. */
    public static String attachType(String section) {
        for (Prefix p : PREFIXES) {
            if (p.matches(section)) {
                return p.attachType;
            }
        }
        return "unknown";
    }

    /** XDP programs attach to an interface. */
    public static boolean isXdp(String section) {
        return attachType(section).equals("xdp");
    }

    /** tc programs attach to an interface and a direction. */
    public static boolean isTc(String section) {
        return attachType(section).equals("tc");
    }

    /** A prefix matches the whole section or up to a separator: "tp" matches "tp/a/b", not "tpx". */
    private record Prefix(String prefix, String attachType) {
        boolean matches(String section) {
            if (!section.startsWith(prefix)) {
                return false;
            }
            if (section.length() == prefix.length()) {
                return true;
            }
            char next = section.charAt(prefix.length());
            return next == '/' || next == '.' || next == '+';
        }
    }
}
