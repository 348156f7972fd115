package dev.polytrace.host.script;

import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;

/**
 * {@code run --warm-up} without a handler: the output path (the JSON Lines or table sink) writes
 * synthetic records into a sink of its own for a while before anything is attached, so the JIT
 * has compiled it when real events come. Without it, the start of a busy
 * tracer is written by code still being compiled, and a ring buffer that fills meanwhile drops.
 * The records come as the ring buffer reader hands them over (read-only views of direct memory),
 * so the compiled code is for the kind of buffer real records come in.
 */
public final class OutputWarmUp {
    private static final int SAMPLES = 64;
    private static final int BURST = 256; // records between flushes, as a reader's poll hands them over

    /** What a warm-up did: records written, time taken, whether the compilers had finished. */
    public record Report(long records, Duration took, boolean jitQuiet) {
        /** One line for the user. */
        public String summary() {
            return String.format(Locale.ROOT, "warmed up the output: %,d synthetic records in %.1f s", records,
                    took.toMillis() / 1000.0)
                    + (jitQuiet ? "" : "; the JIT was still compiling at its end (a longer warm-up would help)");
        }
    }

    private OutputWarmUp() {
    }

    /**
     * Writes records of the package's first event stream into {@code sink} (a throwaway one, of
     * the kind the run writes to) for three quarters of {@code budget}, a burst at least, then
     * leaves the compilers the rest (ending early once they are quiet). Empty without an event
     * stream or a budget.
     */
    public static Optional<Report> forPackage(TracerPackage pkg, EventSink sink, Duration budget) {
        if (budget.isZero() || budget.isNegative()) {
            return Optional.empty();
        }
        return HandlerWarmUp.eventLayout(pkg).map(layout -> run(sink, pkg.outputs().events().getFirst().map(), layout,
                budget));
    }

    /** Writes records of {@code layout}, as from stream {@code stream}, into {@code sink} (see {@link #forPackage}). */
    static Report run(EventSink sink, String stream, RecordLayout layout, Duration budget) {
        long start = System.nanoTime();
        int size = (int) layout.type().size();
        ByteBuffer samples = ByteBuffer.allocateDirect(SAMPLES * size);
        Random random = new Random(1);
        byte[] sample = new byte[size];
        for (int i = 0; i < SAMPLES; i++) {
            SyntheticRecords.fill(layout, sample, random);
            samples.put(i * size, sample);
        }
        ByteBuffer records = samples.asReadOnlyBuffer();
        long written = 0;
        long feedEnd = start + budget.toNanos() / 4 * 3;
        do { // at least one burst, however late this thread got to run
            for (int i = 0; i < BURST; i++, written++) {
                sink.onRecord(stream, layout, records.slice((int) (written % SAMPLES) * size, size)
                        .order(ByteOrder.LITTLE_ENDIAN));
            }
            sink.flush();
        } while (System.nanoTime() < feedEnd);
        boolean quiet = new JitActivity().awaitQuiet(start + budget.toNanos());
        return new Report(written, Duration.ofNanos(System.nanoTime() - start), quiet);
    }
}
