package dev.polytrace.host.build;

import java.util.Locale;

/**
 * The BPF instruction set clang compiles for ({@code -mcpu}). The default is v3, as libbpf-tools'
 * Makefile builds: every kernel with BTF, which CO-RE needs, runs it (v3's 32-bit jumps and
 * subregisters came in 5.1, {@code /sys/kernel/btf/vmlinux} in 5.4), and with 32-bit subregisters
 * a bounds check on a {@code u32} index reaches the access it guards, where under v1 the verifier
 * can lose it ("unbounded memory access"). {@code probe} lets clang ask the running kernel; v4
 * needs clang 18.
 */
public enum BpfCpu {
    V1, V2, V3, V4, PROBE;

    public static final BpfCpu DEFAULT = V3;

    /** {@code v1}..{@code v4} or {@code probe}, as clang spells them. */
    public static BpfCpu parse(String spec) {
        for (BpfCpu cpu : values()) {
            if (cpu.spelling().equals(spec)) {
                return cpu;
            }
        }
        throw new BuildException("--mcpu '" + spec + "': expected v1, v2, v3, v4 or probe");
    }

    public String spelling() {
        return name().toLowerCase(Locale.ROOT);
    }

    String clangArgument() {
        return "-mcpu=" + spelling();
    }
}
