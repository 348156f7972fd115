package dev.polytrace.bpf;

/** BPF program types (enum bpf_prog_type). Constants are in kernel order: {@link #code()} is the kernel's number. */
public enum ProgramType {
    UNSPEC,
    SOCKET_FILTER,
    KPROBE,
    SCHED_CLS,
    SCHED_ACT,
    TRACEPOINT,
    XDP,
    PERF_EVENT,
    CGROUP_SKB,
    CGROUP_SOCK,
    LWT_IN,
    LWT_OUT,
    LWT_XMIT,
    SOCK_OPS,
    SK_SKB,
    CGROUP_DEVICE,
    SK_MSG,
    RAW_TRACEPOINT,
    CGROUP_SOCK_ADDR,
    LWT_SEG6LOCAL,
    LIRC_MODE2,
    SK_REUSEPORT,
    FLOW_DISSECTOR,
    CGROUP_SYSCTL,
    RAW_TRACEPOINT_WRITABLE,
    CGROUP_SOCKOPT,
    TRACING,
    STRUCT_OPS,
    EXT,
    LSM,
    SK_LOOKUP,
    SYSCALL,
    NETFILTER;

    private static final ProgramType[] VALUES = values();

    /** The kernel's numeric value of this type. */
    public int code() {
        return ordinal();
    }

    /** The type for a kernel number; unknown numbers (a newer kernel) map to UNSPEC. */
    public static ProgramType of(int code) {
        return code >= 0 && code < VALUES.length ? VALUES[code] : UNSPEC;
    }

    /** Lower-case name as bpftool prints it, e.g. {@code percpu_hash}. */
    public String displayName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
