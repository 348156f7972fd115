package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventTypes;
import dev.polytrace.script.codec.RecordLayout;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Gets a handler up to speed before it sees real events. With the Graal JIT from Maven (no
 * libgraal) the compiler is Java code that the JVM must compile first, so in a fresh JVM a handler
 * runs interpreted, far slower than compiled, for several seconds; at a high event rate
 * those are the seconds in which events are dropped.
 *
 * <p>A warm-up runs the loaded handler, in its own context, on synthetic records of the package's
 * event type, through the path real events take (queue, batch, lazy event view, guest dispatch
 * loop), with a {@code ctx} whose output, log and metrics go nowhere and that has no maps. Then
 * the handler's file is evaluated again in that same context, so the real run starts with fresh
 * module state and sees only real events, while the code the JIT compiled stays. (The same
 * context matters: GraalPy, and often GraalJS, compile a new context's code anew.) It costs CPU at
 * start-up and only pays off for busy tracers, hence it is asked for ({@code run --warm-up 8s}).
 */
public final class HandlerWarmUp {
    private static final int BACKLOG = 20_000;
    private static final int BURST = 1_000;
    private static final int SAMPLES = 64;

    /**
     * What a warm-up did: events run through the handler (handled or failed), handler errors
     * (expected on synthetic data), time taken, the first error (the reason, when no event ran),
     * and whether the compilers had finished by its end.
     */
    public record Report(String language, long events, long errors, Duration took, String firstError,
                         boolean jitQuiet) {
        /** One line for the user. */
        public String summary() {
            String took = String.format(Locale.ROOT, "%.1f s", this.took.toMillis() / 1000.0);
            if (events == 0 && firstError != null) {
                return "no warm-up for the " + language + " handler: it failed on the warm-up's synthetic input ("
                        + firstError + ")";
            }
            return String.format(Locale.ROOT, "warmed up the %s handler: %,d synthetic events in %s", language, events,
                    took) + (errors > 0 ? String.format(Locale.ROOT, " (%,d handler error%s, the first: %s)", errors,
                    errors == 1 ? "" : "s", firstError) : "")
                    + (jitQuiet ? "" : "; the JIT was still compiling at its end (a longer warm-up would help)");
        }
    }

    private HandlerWarmUp() {
    }

    /**
     * Warms {@code runtime} (loaded, not started) on records of the package's first event stream for
     * {@code budget}. Empty without an event stream or a budget.
     */
    public static Optional<Report> forPackage(HandlerRuntime runtime, TracerPackage pkg, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return Optional.empty();
        }
        return eventLayout(pkg).map(layout -> run(runtime, layout, budget));
    }

    /** The layout of the package's first event stream, if it has one whose type the object's BTF names. */
    static Optional<RecordLayout> eventLayout(TracerPackage pkg) {
        if (pkg.outputs().events().isEmpty()) {
            return Optional.empty();
        }
        return EventTypes.of(pkg, pkg.outputs().events().getFirst()).map(RecordLayout::of);
    }

    /**
     * Warms {@code runtime} (loaded, not started) on synthetic records of {@code layout} for {@code
     * budget}: events for the first three quarters, then the compilers get the rest to finish what
     * the events gave them to compile. Compiling Graal itself (with the HotSpot compilers) and the
     * handler's code runs behind the events, and left to itself goes on into the real run, taking
     * CPU from the handler and the traced program. The warm-up ends early once they are quiet.
     *
     * <p>The budget counts from the end of the warm-up's {@code init}: a cold first context may
     * take longer than the whole budget to get there, and must still get its events. Whatever the
     * time, the handler has every sample once before the warm-up ends (unless it stopped).
     */
    public static Report run(HandlerRuntime runtime, RecordLayout layout, Duration budget) {
        long began = System.nanoTime();
        runtime.beginWarmUp();
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        HandlerReport report;
        boolean quiet;
        try {
            feed(runtime, layout, start + budget.toNanos() / 4 * 3);
        } finally {
            report = runtime.endWarmUp();
            quiet = new JitActivity().awaitQuiet(deadline);
        }
        return new Report(runtime.handler().language(), report.handled() + report.failed(), report.errors(),
                Duration.ofNanos(System.nanoTime() - began), report.firstError(), quiet);
    }

    /**
     * Keeps the handler busy without flooding its queue, so the compiler threads get CPU too. The
     * first burst goes in whatever the time, and its first {@link #SAMPLES} records (one of each
     * sample) are handled before this returns.
     */
    private static void feed(HandlerRuntime runtime, RecordLayout layout, long deadline) {
        // Zero-filled and random-looking records alike: compiled code specialized on small ints
        // or empty strings only would be thrown away at the first real timestamp or comm.
        Random random = new Random(1);
        byte[][] samples = new byte[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = new byte[(int) layout.type().size()];
            if (i % 4 != 0) {
                SyntheticRecords.fill(layout, samples[i], random);
            }
        }
        // Real records of a process come with its container (a host process's too); records without
        // one would leave compiled code that the first real event throws away.
        ContainerInfo container = EventShape.hasContainer(layout) ? ContainerInfo.HOST : null;
        int n = 0;
        while (runtime.warmUpRunning()) {
            if (backlog(runtime.report()) > BACKLOG) {
                LockSupport.parkNanos(1_000_000L);
            } else {
                for (int i = 0; i < BURST; i++) {
                    runtime.sink().onRecord("warm-up", layout, RecordLayout.view(samples[n++ % SAMPLES]), container);
                }
            }
            if (System.nanoTime() >= deadline) { // after a burst: the first goes in however late it is
                break;
            }
        }
        awaitEverySample(runtime);
    }

    /** Until every sample was handled once, the queue is empty, or the handler stopped. */
    private static void awaitEverySample(HandlerRuntime runtime) {
        while (runtime.warmUpRunning()) {
            HandlerReport r = runtime.report();
            if (r.handled() + r.failed() >= SAMPLES || backlog(r) == 0) {
                return;
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static long backlog(HandlerReport r) {
        return r.received() - r.settled() - r.dropped();
    }
}
