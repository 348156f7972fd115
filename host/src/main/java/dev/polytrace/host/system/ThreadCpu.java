package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The CPU time this process's live threads have used, in three groups: the JIT compilers'
 * threads (HotSpot's C1/C2, Truffle's), the garbage collector's, and all others. Read from
 * {@code /proc/self/task/TID/schedstat} (nanoseconds on a CPU) and each thread's name; a thread
 * that has ended no longer counts, so compare samples of threads that live through both.
 */
public record ThreadCpu(long jitNanos, long gcNanos, long restNanos) {
    private static final Path TASKS = Path.of("/proc/self/task");

    /** Now; all zero where /proc cannot be read. */
    public static ThreadCpu now() {
        long[] groups = new long[3];
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    String schedstat = Files.readString(task.resolve("schedstat"));
                    groups[group(name)] += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc: zeros
        }
        return new ThreadCpu(groups[0], groups[1], groups[2]);
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
        if (threadName.contains("Compiler") || threadName.contains("Compilation")) {
            return 0;
        }
        if (threadName.contains("GC") || threadName.startsWith("G1") || threadName.equals("VM Thread")) {
            return 1;
        }
        return 2;
    }
}
