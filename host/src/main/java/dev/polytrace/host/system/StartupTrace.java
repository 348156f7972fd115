package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Where a start's time goes (issue 17's breakdown): with {@code POLYTRACE_STARTUP_TRACE} set, each
 * step of a start prints one line on stderr, its time since the launcher started and the CPU the
 * process had used by then, split into the JIT compilers' threads, the garbage collector's and all
 * others:
 *
 * <pre>polytrace: startup   412 ms  main() entered         cpu 0.39 s (jit 0.05, gc 0.00, rest 0.34)</pre>
 *
 * The launcher exports the wall clock at its start and at its exec of the JVM
 * ({@code POLYTRACE_LAUNCHED_AT}, {@code POLYTRACE_EXEC_AT}, microseconds since the epoch); a JVM
 * started otherwise counts from its own start. Off, every call is one test of a constant.
 */
public final class StartupTrace {
    public static final boolean ON = System.getenv("POLYTRACE_STARTUP_TRACE") != null;
    private static final long CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on every Linux ABI this runs on
    private static final long ORIGIN_MICROS = origin();

    private StartupTrace() {
    }

    /** Prints the step, once per call; nothing when the trace is off. */
    public static void mark(String step) {
        if (ON) {
            print(step);
        }
    }

    private static synchronized void print(String step) {
        long micros = nowMicros() - ORIGIN_MICROS;
        long[] cpu = cpuTicksByGroup();
        System.err.printf("polytrace: startup %5d ms  %-34s cpu %.2f s (jit %.2f, gc %.2f, rest %.2f)%n",
                micros / 1000, step, seconds(cpu[0] + cpu[1] + cpu[2]), seconds(cpu[0]), seconds(cpu[1]),
                seconds(cpu[2]));
        System.err.flush();
    }

    /** The launcher's part, printed first: from its start to its exec of this JVM. */
    private static long origin() {
        if (!ON) {
            return 0;
        }
        long launched = micros(System.getenv("POLYTRACE_LAUNCHED_AT"));
        long exec = micros(System.getenv("POLYTRACE_EXEC_AT"));
        if (launched > 0 && exec >= launched) {
            System.err.printf("polytrace: startup %5d ms  %-34s%n", (exec - launched) / 1000, "launcher done, JVM exec'd");
            return launched;
        }
        return ProcessHandle.current().info().startInstant().map(i -> i.getEpochSecond() * 1_000_000 + i.getNano() / 1000)
                .orElse(nowMicros());
    }

    private static long micros(String value) {
        try {
            return value == null ? 0 : Long.parseLong(value.replace(".", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long nowMicros() {
        java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000 + now.getNano() / 1000;
    }

    private static double seconds(long ticks) {
        return ticks / (double) CLOCK_TICKS_PER_SECOND;
    }

    /** CPU clock ticks of this process's threads: [JIT compiler threads, GC threads, the rest]. */
    private static long[] cpuTicksByGroup() {
        long[] groups = new long[3];
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
                    groups[group(name)] += ticks;
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc: the figures stay 0
        }
        return groups;
    }

    /** HotSpot's "C1/C2 CompilerThread", JVMCI's and Truffle's compiler threads; "GC Thread", "VM Thread". */
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
