package dev.polytrace.bpf;

/** The attach types polytrace knows, each with the probe program that tests it here. */
public enum AttachKind {
    TRACEPOINT("tracepoint", "probe_tracepoint"),
    RAW_TRACEPOINT("raw_tp", "probe_raw_tp"),
    TP_BTF("tp_btf", "probe_tp_btf"),
    FENTRY("fentry", "probe_fentry"),
    KPROBE("kprobe", "probe_kprobe"),
    UPROBE("uprobe", "probe_uprobe"),
    USDT("usdt", "probe_usdt"),
    PERF_EVENT("perf_event", "probe_perf_event"),
    XDP("xdp", "probe_xdp"),
    TC("tc", "probe_tc"),
    CGROUP("cgroup", "probe_cgroup"),
    ITERATOR("iter", "probe_iter"),
    LSM("lsm", "probe_lsm");

    private final String label;
    private final String probeProgram;

    AttachKind(String label, String probeProgram) {
        this.label = label;
        this.probeProgram = probeProgram;
    }

    /** The name users know it by, as in section names. */
    public String label() {
        return label;
    }

    String probeProgram() {
        return probeProgram;
    }
}
