package dev.polytrace.host.build;

import java.util.Locale;

/**
 * The {@code __TARGET_ARCH_xxx} that libbpf's bpf_tracing.h needs to read registers in kprobes,
 * from the JVM's {@code os.arch}: the build targets the machine it runs on, like vmlinux.h.
 */
final class TargetArch {
    private TargetArch() {
    }

    static String current() {
        return of(System.getProperty("os.arch"));
    }

    /** libbpf's name for a JVM {@code os.arch} value: amd64 -> x86, aarch64 -> arm64, ... */
    static String of(String osArch) {
        String a = osArch.toLowerCase(Locale.ROOT);
        return switch (a) {
            case "amd64", "x86_64", "x86", "i386", "i686" -> "x86";
            case "aarch64", "arm64" -> "arm64";
            case "arm", "armv7l", "aarch32" -> "arm";
            case "s390x", "s390" -> "s390";
            case "ppc64le", "ppc64", "powerpc64le", "powerpc" -> "powerpc";
            case "riscv64" -> "riscv";
            case "loongarch64" -> "loongarch";
            case "mips64el", "mips64", "mipsel", "mips" -> "mips";
            case "sparcv9", "sparc" -> "sparc";
            default -> throw new BuildException("cannot build for architecture '" + osArch
                    + "': libbpf's bpf_tracing.h has no __TARGET_ARCH for it");
        };
    }
}
