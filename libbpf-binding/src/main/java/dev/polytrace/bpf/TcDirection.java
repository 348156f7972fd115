package dev.polytrace.bpf;

/** Where a tc program runs: BPF_TC_INGRESS = 1, BPF_TC_EGRESS = 2 in libbpf. */
public enum TcDirection {
    INGRESS(1), EGRESS(2);

    private final int attachPoint;

    TcDirection(int attachPoint) {
        this.attachPoint = attachPoint;
    }

    int attachPoint() {
        return attachPoint;
    }
}
