package dev.polytrace.bpf.btf;

/** What scalars share (int, enum, float): each is its own resolution, of its size, naturally aligned. */
sealed interface ScalarType extends BtfType permits BtfInt, BtfEnum, BtfFloat {
    /** Natural alignment of a scalar: its size, capped at 16 (x86-64, arm64 and BPF ABIs). */
    @Override
    default int alignment() {
        return (int) Math.max(1, Math.min(size(), 16));
    }
}
