package dev.polytrace.host.script;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How busy the JVM's compilers are: the HotSpot compilers' compilation time plus the CPU time of
 * Truffle's compiler threads (which compile guest code with Graal). Either part that the JVM does
 * not report counts as zero.
 */
final class JitActivity {
    private static final String TRUFFLE_COMPILER_THREAD = "TruffleCompilerThread";
    private static final Duration WINDOW = Duration.ofMillis(250);
    private static final long QUIET_NANOS = 10_000_000L; // compiling less than 4 % of the window

    private final CompilationMXBean compilation = ManagementFactory.getCompilationMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    /** Compilation work so far, in nanoseconds. */
    long nanos() {
        long total = 0;
        if (compilation != null && compilation.isCompilationTimeMonitoringSupported()) {
            total += compilation.getTotalCompilationTime() * 1_000_000L;
        }
        if (threads.isThreadCpuTimeSupported() && threads.isThreadCpuTimeEnabled()) {
            for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().startsWith(TRUFFLE_COMPILER_THREAD)) {
                    total += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
                }
            }
        }
        return total;
    }

    /**
     * Waits until a quarter-second passes with (almost) no compiling, or until {@code deadline}
     * ({@link System#nanoTime}).
     *
     * @return whether the compilers went quiet in time
     */
    boolean awaitQuiet(long deadline) {
        long before = nanos();
        while (System.nanoTime() + WINDOW.toNanos() <= deadline) {
            LockSupport.parkNanos(WINDOW.toNanos());
            long now = nanos();
            if (now - before < QUIET_NANOS) {
                return true;
            }
            before = now;
        }
        return false;
    }
}
