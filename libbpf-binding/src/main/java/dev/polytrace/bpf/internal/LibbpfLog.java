package dev.polytrace.bpf.internal;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * libbpf's print callback. Messages go to a per-thread capture while one is open (libbpf
 * prints on the thread that called it, so a load's verifier log lands in its own capture);
 * outside a capture, warnings go to stderr only when POLYTRACE_LIBBPF_DEBUG is set.
 * The callback never throws: an exception escaping into native code could take the JVM down.
 */
public final class LibbpfLog {
    public static final int LEVEL_WARN = 0;
    public static final int LEVEL_INFO = 1;
    public static final int LEVEL_DEBUG = 2;

    private static final ThreadLocal<StringBuilder> CAPTURE = new ThreadLocal<>();
    private static final boolean DEBUG = System.getenv("POLYTRACE_LIBBPF_DEBUG") != null;
    private static final int BUFFER_SIZE = 64 * 1024;
    private static final ThreadLocal<Pointer> BUFFER = ThreadLocal.withInitial(
            () -> Memory.allocateDirect(Native.runtime(), BUFFER_SIZE));
    // Held strongly: jnr would otherwise let the native trampoline be collected.
    private static LibBpf.PrintCallback installed;

    private LibbpfLog() {
    }

    static synchronized void install(LibBpf lib) {
        if (installed == null) {
            installed = LibbpfLog::print;
            lib.libbpf_set_print(installed);
        }
    }

    /** Starts capturing libbpf output on this thread; {@link #end()} returns what was printed. */
    public static void begin() {
        CAPTURE.set(new StringBuilder());
    }

    public static String end() {
        StringBuilder sb = CAPTURE.get();
        CAPTURE.remove();
        return sb == null ? "" : sb.toString();
    }

    private static int print(int level, Pointer format, Pointer vaList) {
        try {
            StringBuilder capture = CAPTURE.get();
            if (capture == null && !(DEBUG && level <= LEVEL_INFO)) {
                return 0;
            }
            Pointer buffer = BUFFER.get();
            int n = Native.libc().vsnprintf(buffer, BUFFER_SIZE, format, vaList);
            String text = buffer.getString(0, Math.min(Math.max(n, 0), BUFFER_SIZE - 1),
                    java.nio.charset.StandardCharsets.UTF_8);
            if (capture != null) {
                capture.append(text);
            } else {
                System.err.print("libbpf: " + text);
            }
            return n;
        } catch (Throwable t) {
            return 0;
        }
    }
}
