package dev.polytrace.bench;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.host.output.JsonLinesSink;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandlerReport;
import dev.polytrace.host.script.HandlerRuntime;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.MapPrinting;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.tracer.RunningTracer;
import dev.polytrace.host.tracer.TracerRequest;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.metrics.MetricsRegistry;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * polytrace itself as a consumer of the handler benchmark (bench/README.md): the bench's tracer
 * package run by the host's {@link RunningTracer} the way {@code polytrace run} runs it, either
 * without a handler into the JSON Lines sink writing to /dev/null ({@code run --json > /dev/null}),
 * or with {@code --handler FILE} ({@code run --handler FILE}). Same workload, stop rule and RESULT
 * line as the other consumers; delivered counts the events that reached the JSON sink or the
 * handler's {@code onEvent}, drops add the host's own (handler queue full) to the kernel's.
 *
 * <p>With {@code --warm-up SECONDS} the loaded handler (without one, the JSON output) is warmed up
 * first, as {@code run --warm-up} does, before anything is attached; that is start-up, outside
 * the measured interval.
 *
 * <p>The handler must return from {@code onExit} an object counting events by comm: the count for
 * {@code ptbench_work} is checked against delivered, so a handler that silently did nothing fails.
 */
public final class TracerConsumer {
    private static final String WORKLOAD_COMM = "ptbench_work";
    private static final long SAMPLE_NANOS = 5_000_000L;
    private static final long IDLE_AFTER_EXIT_NANOS = 2_000_000_000L;

    private final BenchArgs args;
    private final ProcessCpuClock cpu = new ProcessCpuClock();

    private TracerConsumer(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] argv) {
        BenchArgs args = BenchArgs.parseOrExit("TracerConsumer", argv);
        try {
            System.exit(new TracerConsumer(args).run());
        } catch (Exception e) {
            System.err.println("TracerConsumer: " + e);
            System.exit(1);
        }
    }

    private int run() throws Exception {
        TracerPackage pkg = withHandler(PackageReader.read(Files.readAllBytes(args.object()),
                args.object().toString()));
        try (PrintWriter devNull = new PrintWriter(new OutputStreamWriter(new FileOutputStream("/dev/null"),
                StandardCharsets.UTF_8));
                Workload workload = Workload.spawnHeld(args.workload(), args.calls())) {
            CountingSink json = new CountingSink(new JsonLinesSink(devNull));
            RunOptions options = new RunOptions(Map.of("records_per_call", Long.toString(args.recordsPerCall())),
                    Map.of(), Map.of(), Set.of(), notice -> System.err.println("TracerConsumer: " + notice),
                    MapPrinting.OFF);
            TracerRequest request = TracerRequest.of(pkg, options, json)
                    .withHandlerServices(new MetricsRegistry(), (level, message) ->
                            System.err.println("handler " + level + ": " + message))
                    .withWarmUp(Duration.ofSeconds(args.warmUpSeconds()),
                            () -> new JsonLinesSink(new PrintWriter(Writer.nullWriter())));
            // The workload is held until measure() releases it: no event comes before target_tgid is set.
            try (RunningTracer tracer = RunningTracer.start(request)) {
                tracer.object().variables().get("target_tgid").setLong(workload.pid());
                HandlerRuntime handler = tracer.handler().orElse(null);
                LongSupplier delivered = handler == null ? json::count : () -> handler.report().handled();
                LongSupplier hostDrops = handler == null ? () -> 0 : () -> handler.report().dropped();
                return measure(tracer, workload, delivered, hostDrops, handler);
            }
        }
    }

    private TracerPackage withHandler(TracerPackage pkg) throws IOException {
        if (args.handler() == null) {
            return pkg;
        }
        String fileName = args.handler().getFileName().toString();
        return pkg.withHandler(new PackageHandler(PackageHandler.languageOf(fileName), fileName,
                Files.readString(args.handler(), StandardCharsets.UTF_8)));
    }

    private int measure(RunningTracer session, Workload workload, LongSupplier delivered, LongSupplier hostDrops,
                        HandlerRuntime handler) throws Exception {
        BpfObject object = session.object();
        long t0Wall = System.nanoTime();
        double t0Cpu = cpu.seconds();
        long lastWall = t0Wall;
        double lastCpu = t0Cpu;
        long seen = 0;
        long exitWall = 0;
        long kernelDrops = -1;
        long produced = 0;
        workload.release();
        while (true) {
            LockSupport.parkNanos(SAMPLE_NANOS);
            long now = delivered.getAsLong();
            if (now != seen) {
                seen = now;
                lastWall = System.nanoTime();
                lastCpu = cpu.seconds();
            }
            if (kernelDrops < 0 && workload.hasExited()) {
                exitWall = System.nanoTime();
                kernelDrops = object.variables().get("drops").longValue();
                produced = object.variables().get("produced").longValue();
            }
            if (kernelDrops >= 0) {
                long expected = args.calls() * args.recordsPerCall() - kernelDrops - hostDrops.getAsLong();
                if (seen >= expected || System.nanoTime() - Math.max(lastWall, exitWall) >= IDLE_AFTER_EXIT_NANOS) {
                    break;
                }
            }
        }
        long drops = kernelDrops + hostDrops.getAsLong() + session.stats().lost();
        int status = workload.exitCode();
        OptionalDouble wall = workload.wallSeconds();
        session.close(); // drains, runs onExit
        boolean valid = check(status, wall, seen, drops, produced, handler);
        System.out.printf(Locale.ROOT, "RESULT consumer=%s mode=%s delivered=%d drops=%d workload_wall_s=%.3f"
                + " consumer_cpu_s=%.3f span_s=%.3f%n", args.name(), args.mode(), seen, drops, wall.orElse(0),
                lastCpu - t0Cpu, (lastWall - t0Wall) / 1e9);
        System.out.flush();
        return valid ? 0 : 1;
    }

    /** Whether the run did what it claims; each problem is explained on stderr. */
    private boolean check(int status, OptionalDouble wall, long delivered, long drops, long produced,
                          HandlerRuntime handler) {
        boolean ok = true;
        if (status != 0 || wall.isEmpty()) {
            System.err.println("TracerConsumer: workload failed (exit " + status + ")");
            ok = false;
        }
        long total = args.calls() * args.recordsPerCall();
        if (delivered + drops != total) {
            System.err.printf("TracerConsumer: delivered %d + dropped %d != %d produced by N*K (kernel counted %d)%n",
                    delivered, drops, total, produced);
            ok = false;
        }
        if (handler != null) {
            HandlerReport report = handler.report();
            Object counted = report.exitState() instanceof Map<?, ?> byComm ? byComm.get(WORKLOAD_COMM) : null;
            if (!(counted instanceof Number n) || n.longValue() != report.handled()) {
                System.err.printf("TracerConsumer: the handler counted %s events of %s, it was given %d (exit state %s)%n",
                        counted, WORKLOAD_COMM, report.handled(), report.exitState());
                ok = false;
            }
            if (report.errors() > 0) {
                System.err.println("TracerConsumer: handler errors: " + report.errors() + ", first: " + report.firstError());
                ok = false;
            }
            System.err.println("TracerConsumer: " + report);
        }
        return ok;
    }

    /** Passes everything on and counts the events (called from the one reader thread). */
    private static final class CountingSink implements EventSink {
        private final EventSink next;
        private volatile long count;

        CountingSink(EventSink next) {
            this.next = next;
        }

        long count() {
            return count;
        }

        @Override
        public void flush() {
            next.flush();
        }

        @Override
        public void onSample(String map, String rendered) {
            next.onSample(map, rendered);
        }

        @Override
        public void onLost(String stream, long count) {
            next.onLost(stream, count);
        }

        @Override
        public void onClose() {
            next.onClose();
        }

        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
            next.onEvent(stream, event, raw);
            count++; // one writer: the session's reader thread
        }

        @Override
        public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
            next.onRecord(stream, layout, raw);
            count++;
        }
    }
}
