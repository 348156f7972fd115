package dev.polytrace.host.build;

import java.nio.file.Path;

/**
 * The external tools and places a build uses.
 *
 * @param clang     clang command or path (clang 11 or newer, for BPF CO-RE and BTF)
 * @param bpftool   bpftool command or path; only needed to generate vmlinux.h
 * @param cacheDir  where generated files are kept between builds ({@code $XDG_CACHE_HOME/polytrace})
 * @param kernelBtf the running kernel's BTF, from which vmlinux.h is generated
 */
public record Toolchain(String clang, String bpftool, Path cacheDir, Path kernelBtf) {
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    /** clang and bpftool from PATH, the user's cache directory, the running kernel's BTF. */
    public static Toolchain system() {
        return new Toolchain("clang", "bpftool", defaultCacheDir(), KERNEL_BTF);
    }

    public Toolchain withClang(String newClang) {
        return new Toolchain(newClang, bpftool, cacheDir, kernelBtf);
    }

    public Toolchain withBpftool(String newBpftool) {
        return new Toolchain(clang, newBpftool, cacheDir, kernelBtf);
    }

    public Toolchain withCacheDir(Path newCacheDir) {
        return new Toolchain(clang, bpftool, newCacheDir, kernelBtf);
    }

    /** {@code $XDG_CACHE_HOME/polytrace}, or {@code ~/.cache/polytrace} when it is unset (XDG base directory spec). */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("polytrace");
    }
}
