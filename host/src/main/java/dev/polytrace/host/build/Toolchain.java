package dev.polytrace.host.build;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The external tools and places a build uses.
 *
 * @param clang     clang command or path (clang 11 or newer, for BPF CO-RE and BTF)
 * @param bpftool   bpftool command or path; only needed to generate vmlinux.h
 * @param cacheDir  where generated files are kept between builds ({@code $XDG_CACHE_HOME/polytrace})
 * @param kernelBtf the running kernel's BTF, from which vmlinux.h is generated
 * @param timeLimit how long one run of clang may take before it is killed; none for a user's own build
 */
public record Toolchain(String clang, String bpftool, Path cacheDir, Path kernelBtf, Optional<Duration> timeLimit) {
    public static final Path KERNEL_BTF = Path.of("/sys/kernel/btf/vmlinux");

    /** clang and bpftool from PATH, the user's cache directory, the running kernel's BTF. */
    public static Toolchain system() {
        return new Toolchain("clang", "bpftool", defaultCacheDir(), KERNEL_BTF, Optional.empty());
    }

    public Toolchain withClang(String newClang) {
        return new Toolchain(newClang, bpftool, cacheDir, kernelBtf, timeLimit);
    }

    public Toolchain withBpftool(String newBpftool) {
        return new Toolchain(clang, newBpftool, cacheDir, kernelBtf, timeLimit);
    }

    public Toolchain withCacheDir(Path newCacheDir) {
        return new Toolchain(clang, bpftool, newCacheDir, kernelBtf, timeLimit);
    }

    /** Kills clang when one run takes longer than {@code limit} (a daemon's builds for others). */
    public Toolchain withTimeLimit(Duration limit) {
        return new Toolchain(clang, bpftool, cacheDir, kernelBtf, Optional.of(limit));
    }

    /** {@code $XDG_CACHE_HOME/polytrace}, or {@code ~/.cache/polytrace} when it is unset (XDG base directory spec). */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("polytrace");
    }
}
