package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;

/**
 * Whether the system libbpf is usable here, and if not why: probed once, never a crash. What
 * {@code doctor} reports and what a front end checks before it tries to load anything.
 */
public final class LibbpfStatus {
    private LibbpfStatus() {
    }

    /** Whether libbpf loaded and is new enough for this binding. */
    public static boolean isAvailable() {
        return Native.isLibbpfAvailable();
    }

    /** A one-line reason why libbpf is unusable, or null when it is usable. */
    public static String unavailabilityCause() {
        return Native.unavailabilityCause();
    }

    /**
     * Binds libbpf now on a thread of its own, for a front end that will load an object soon and
     * has other work first (its command line, the package): making the native bindings is a good
     * part of a short run's start, and then overlaps that work. Whatever it finds is what
     * {@link #isAvailable()} reports; a caller that needs libbpf before it is bound waits for it.
     */
    public static void bindInBackground() {
        Thread.ofPlatform().daemon().name("polytrace-libbpf-bind").start(LibbpfStatus::isAvailable);
    }

    /** libbpf's own version string ("v1.1"), or null when it is unusable. */
    public static String version() {
        return isAvailable() ? Native.libbpf().libbpf_version_string() : null;
    }
}
