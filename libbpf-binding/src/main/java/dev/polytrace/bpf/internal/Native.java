package dev.polytrace.bpf.internal;

import dev.polytrace.bpf.BpfException;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.LibraryOption;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * Loads libbpf and libc once. When libbpf cannot be loaded, {@link #libbpf()} throws a
 * {@link LibbpfUnavailableException} with the cause every time instead of crashing.
 */
public final class Native {
    /** libbpf 1.1 is the oldest with the API used here (bpf_object__next_program, strict mode). */
    public static final int MIN_MAJOR = 1;
    public static final int MIN_MINOR = 1;

    static {
        // jnr-ffi binds an interface by generating bytecode and x86 stubs for all of its methods,
        // ~80 ms of every start, in classes an AOT cache cannot keep. Its reflective binding costs
        // ~20 ns more per call against the ~2 us of the bpf() syscall behind nearly every call here
        // (records are read from the rings' memory, not through libbpf). -Djnr.ffi.asm.enabled=true
        // brings the generated binding back.
        if (System.getProperty("jnr.ffi.asm.enabled") == null) {
            System.setProperty("jnr.ffi.asm.enabled", "false");
        }
    }

    private static final class Holder {
        static final LibC LIBC = LibraryLoader.create(LibC.class).option(LibraryOption.IgnoreError, true)
                .failImmediately().load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
    }

    private static final class LibbpfHolder {
        static final LibBpf LIBBPF;
        static final Throwable UNAVAILABILITY;

        static {
            LibBpf loaded = null;
            Throwable cause = null;
            try {
                // polytrace.libbpf names another libbpf.so (a newer build, or a test of the missing case).
                String override = System.getProperty("polytrace.libbpf");
                java.nio.file.Path path = override == null ? null : java.nio.file.Path.of(override);
                if (path != null && !java.nio.file.Files.isRegularFile(path)) {
                    throw new IllegalStateException("libbpf.so.1 not found at " + override);
                }
                loaded = LibraryLoader.create(LibBpf.class)
                        .option(LibraryOption.IgnoreError, true) // errno only where @SaveError asks
                        .failImmediately()
                        .search(path != null ? path.getParent().toString() : "/usr/lib/x86_64-linux-gnu")
                        .search("/usr/lib/aarch64-linux-gnu")
                        .search("/usr/lib64")
                        .search("/usr/lib")
                        .load(path != null ? path.getFileName().toString() : "libbpf.so.1");
                int major = loaded.libbpf_major_version();
                int minor = loaded.libbpf_minor_version();
                if (major < MIN_MAJOR || (major == MIN_MAJOR && minor < MIN_MINOR)) {
                    cause = new IllegalStateException("libbpf " + major + "." + minor + " is too old, need >= "
                            + MIN_MAJOR + "." + MIN_MINOR);
                    loaded = null;
                } else {
                    LibbpfLog.install(loaded);
                }
            } catch (Throwable t) {
                cause = t;
            }
            LIBBPF = loaded;
            UNAVAILABILITY = cause;
        }
    }

    private Native() {
    }

    public static LibC libc() {
        return Holder.LIBC;
    }

    public static Runtime runtime() {
        return Holder.RUNTIME;
    }

    /** libbpf, or a {@link LibbpfUnavailableException} saying why it is not usable here. */
    public static LibBpf libbpf() {
        LibBpf lib = LibbpfHolder.LIBBPF;
        if (lib == null) {
            throw new LibbpfUnavailableException(unavailabilityCause());
        }
        return lib;
    }

    public static boolean isLibbpfAvailable() {
        return LibbpfHolder.LIBBPF != null;
    }

    /** A one-line reason why libbpf is unusable, or null when it is usable. */
    public static String unavailabilityCause() {
        Throwable t = LibbpfHolder.UNAVAILABILITY;
        if (t == null) {
            return null;
        }
        String message = t.getMessage() == null ? t.toString() : t.getMessage().lines().findFirst().orElse("");
        return message.contains("libbpf.so.1") || message.contains("too old") ? message
                : "libbpf.so.1 not loadable: " + message;
    }

    /** errno saved by the last {@code @SaveError} call on this thread. */
    public static int lastErrno() {
        return LastError.getLastError(runtime());
    }

    public static Pointer allocate(long size) {
        return Memory.allocateDirect(runtime(), (int) size, true);
    }

    public static Pointer copyOf(byte[] bytes) {
        Pointer p = Memory.allocateDirect(runtime(), Math.max(1, bytes.length), false);
        p.put(0, bytes, 0, bytes.length);
        return p;
    }

    /** Turns libbpf's negative-errno return convention into an exception naming the call. */
    public static int check(int rc, String operation) {
        if (rc < 0) {
            throw new BpfException(operation, -rc, null);
        }
        return rc;
    }

    /** Same for the syscall-style convention: -1 with errno saved. */
    public static long checkErrno(long rc, String operation) {
        if (rc < 0) {
            throw new BpfException(operation, lastErrno(), null);
        }
        return rc;
    }

    public static Pointer checkPointer(Pointer p, String operation) {
        if (p == null || p.address() == 0) {
            int errno = lastErrno();
            throw new BpfException(operation, errno == 0 ? 22 : errno, null);
        }
        return p;
    }

    public static void closeFd(int fd) {
        if (fd >= 0) {
            libc().close(fd);
        }
    }
}
