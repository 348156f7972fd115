package dev.polytrace.host.system;

/**
 * Where a start's time goes (issue 17's breakdown): with {@code POLYTRACE_STARTUP_TRACE} set, each
 * step of a start prints one line on stderr, its time since the launcher started and the CPU the
 * process's threads had used by then ({@link ThreadCpu}):
 *
 * <pre>polytrace: startup   412 ms  main() entered         cpu 0.39 s (jit 0.05, gc 0.00, rest 0.34)</pre>
 *
 * The launcher exports the wall clock at its start and at its exec of the JVM
 * ({@code POLYTRACE_LAUNCHED_AT}, {@code POLYTRACE_EXEC_AT}, microseconds since the epoch); a JVM
 * started otherwise counts from its own start. Off, every call is one test of a constant.
 */
public final class StartupTrace {
    public static final boolean ON = System.getenv("POLYTRACE_STARTUP_TRACE") != null;
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
        System.err.printf("polytrace: startup %5d ms  %-34s %s%n", micros / 1000, step, ThreadCpu.now());
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
        return java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime() * 1000;
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
}
