package dev.polytrace.bench;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Memory;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;

/**
 * This process's user + system CPU time, all threads, children excluded: getrusage(RUSAGE_SELF)
 * like the C consumer. (OperatingSystemMXBean.getProcessCpuTime() uses times(), 10 ms ticks.)
 */
final class ProcessCpuClock {
    /** The one libc call needed; public for jnr-ffi's generated implementation. */
    public interface LibC {
        int getrusage(int who, Pointer usage);
    }

    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_SIZE = 144; // struct rusage on 64-bit Linux

    private final LibC libc = LibraryLoader.create(LibC.class).load("c");
    private final Pointer usage = Memory.allocateDirect(Runtime.getRuntime(libc), RUSAGE_SIZE);

    /** Seconds of CPU used so far. */
    double seconds() {
        if (libc.getrusage(RUSAGE_SELF, usage) != 0) {
            throw new IllegalStateException("getrusage(RUSAGE_SELF) failed");
        }
        // struct timeval ru_utime, ru_stime: {long tv_sec; long tv_usec;} each
        return usage.getLong(0) + usage.getLong(8) / 1e6 + usage.getLong(16) + usage.getLong(24) / 1e6;
    }
}
