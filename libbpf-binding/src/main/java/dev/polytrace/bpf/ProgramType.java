package dev.polytrace.bpf;

/** BPF program types (enum bpf_prog_type). Constants are in kernel order: {@link #code()} is the kernel's number. */
public enum ProgramType implements KernelEnum {
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

    /** The type for a kernel number; unknown numbers (a newer kernel) map to UNSPEC. */
    public static ProgramType of(int code) {
        return KernelEnum.of(VALUES, code, UNSPEC);
    }
}
