package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CPU time this process has used, in three groups: the JIT compilers' threads (HotSpot's
 * C1/C2, Truffle's), the garbage collector's, and all others. The first two are read per live
 * thread from {@code /proc/self/task/TID/schedstat} (nanoseconds on a CPU) by the thread's name;
 * the rest is the process's total ({@code /proc/self/stat}, 10 ms ticks, threads that ended
 * included) less those two.
 */
public record ThreadCpu(long jitNanos, long gcNanos, long restNanos) {
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ 100 on every Linux ABI this runs on

    /** Now; all zero where /proc cannot be read. */
    public static ThreadCpu now() {
        long[] groups = new long[3];
        long total = processNanos();
        OwnThreads.forEach((tid, name, task) -> {
            String schedstat = Files.readString(task.resolve("schedstat"));
            groups[group(name)] += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
        });
        return new ThreadCpu(groups[0], groups[1], total < 0 ? groups[2] : Math.max(0, total - groups[0] - groups[1]));
    }

    /** utime + stime of the whole process, or -1. */
    private static long processNanos() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    public ThreadCpu minus(ThreadCpu earlier) {
        return new ThreadCpu(jitNanos - earlier.jitNanos, gcNanos - earlier.gcNanos, restNanos - earlier.restNanos);
    }

    public long totalNanos() {
        return jitNanos + gcNanos + restNanos;
    }

    /** "cpu 1.25 s (jit 0.40, gc 0.02, rest 0.83)". */
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "cpu %.2f s (jit %.2f, gc %.2f, rest %.2f)", totalNanos() / 1e9,
                jitNanos / 1e9, gcNanos / 1e9, restNanos / 1e9);
    }

    /** Thread names as /proc shows them (15 characters): "C2 CompilerThre", "TruffleCompiler", "GC Thread#0", "VM Thread". */
    private static int group(String threadName) {
        if (OwnThreads.isCompiler(threadName)) {
            return 0;
        }
        if (threadName.contains("GC") || threadName.startsWith("G1") || threadName.equals("VM Thread")) {
            return 1;
        }
        return 2;
    }
}
