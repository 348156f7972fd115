package dev.polytrace.host.script;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.TypeNames;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;

/**
 * Gets a handler up to speed before it sees real events. With the Graal JIT from Maven (no
 * libgraal) the compiler is Java code that the JVM must compile first, so in a fresh JVM a handler
 * runs interpreted, at a tenth of its speed or less, for several seconds; at a high event rate
 * those are the seconds in which events are dropped. A warm-up runs the package's own handler, in
 * a throwaway sandboxed context of its own, on synthetic records of the package's
 * event type, through the path real events take (queue, batch, lazy event view, guest dispatch
 * loop). Nothing it does there is kept or shown: its output, log, metrics and state are discarded,
 * and it has no maps ({@code ctx.maps} is empty). The engine is shared and so is the code of the
 * same handler source, so what the JIT compiled is what the real context then runs. It costs CPU
 * at start-up and only pays off for busy tracers, hence it is asked for ({@code run --warm-up 8s}).
 */
public final class HandlerWarmUp {
    private static final int BACKLOG = 20_000;
    private static final int BURST = 1_000;
    private static final int SAMPLES = 64;

    /** What a warm-up did: events handled, handler errors (expected on synthetic data), time taken. */
    public record Report(String language, long events, long errors, Duration took) {
    }

    private HandlerWarmUp() {
    }

    /**
     * Warms the package's handler on records of its first event stream for {@code budget}. Empty
     * without a handler, an event stream or a budget.
     */
    public static Optional<Report> forPackage(TracerPackage pkg, Duration budget) {
        if (budget.isZero() || budget.isNegative() || pkg.handler().isEmpty() || pkg.outputs().events().isEmpty()) {
            return Optional.empty();
        }
        Btf btf = Btf.fromElf(ElfFile.parse(pkg.object().elf(), pkg.name()));
        Optional<BtfType> type = TypeNames.find(btf, pkg.outputs().events().getFirst().type());
        HandlerOptions options = HandlerOptions.from(pkg.options()).withStopOnError(false).withInterval(Duration.ZERO)
                .withQueue(4 * BACKLOG, HandlerOptions.DEFAULT_BATCH_SIZE);
        return type.map(t -> run(pkg.handler().get(), options, RecordLayout.of(t), budget));
    }

    /** Runs {@code handler} in a context of its own on synthetic records of {@code layout}. */
    public static Report run(PackageHandler handler, HandlerOptions options, RecordLayout layout, Duration budget) {
        long start = System.nanoTime();
        HandlerSink sink = HandlerSink.load(handler, options, HandlerServices.of(Map.of(), (level, message) -> { }),
                new DiscardingSink());
        // Code compiled while an engine has had only one context assumes it stays so, and is thrown
        // away when the next context (the real handler's) comes: make the engine multi-context now.
        HandlerSink.load(handler, options, HandlerServices.of(Map.of(), (level, message) -> { }), new DiscardingSink())
                .onClose();
        try {
            sink.start(null);
            feed(sink, layout, System.nanoTime() + budget.toNanos()); // the budget is for running, not loading
        } finally {
            sink.onClose();
        }
        HandlerReport report = sink.report();
        return new Report(handler.language(), report.handled(), report.errors(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    /** Keeps the handler busy without flooding its queue, so the compiler threads get CPU too. */
    private static void feed(HandlerSink sink, RecordLayout layout, long deadline) {
        // Zero-filled and random-looking records alike: compiled code specialized on small ints
        // or empty strings only would be thrown away at the first real timestamp or comm.
        Random random = new Random(1);
        byte[][] samples = new byte[SAMPLES][];
        for (int i = 0; i < SAMPLES; i++) {
            samples[i] = new byte[(int) layout.type().size()];
            if (i % 4 != 0) {
                layout.fillSample(samples[i], random);
            }
        }
        int n = 0;
        while (System.nanoTime() < deadline && sink.report().stopCause() == null) {
            HandlerReport r = sink.report();
            if (r.received() - r.handled() - r.dropped() > BACKLOG) {
                LockSupport.parkNanos(1_000_000L);
                continue;
            }
            for (int i = 0; i < BURST; i++) {
                sink.onRecord("warm-up", layout, RecordLayout.view(samples[n++ % SAMPLES]));
            }
        }
    }

    private static final class DiscardingSink implements EventSink {
        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        }

        @Override
        public void onSample(String map, String rendered) {
        }
    }
}
