package dev.polytrace.bpf;

/** BPF_ANY, BPF_NOEXIST, BPF_EXIST. */
public enum UpdateMode {
    ANY(0), CREATE_ONLY(1), REPLACE_ONLY(2);

    private final long flag;

    UpdateMode(long flag) {
        this.flag = flag;
    }

    long flag() {
        return flag;
    }
}
