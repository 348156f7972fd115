package dev.polytrace.host.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.script.HandOver;
import dev.polytrace.host.script.HandlerException;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.host.script.HandlerFileWatcher;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one running-tracer type every front end drives: start with a handler, hot swap, run-time
 * params, close once; a handler that fails to load or init leaves nothing loaded (the class's
 * leak check); the REPL's delivery hands the same undecoded records to the handler and the output.
 */
@KernelTest
class RunningTracerKernelTest {
    private static final Duration GUARD = Duration.ofSeconds(60);
    private static final String SELF = Long.toString(ProcessHandle.current().pid());

    /** What reached the output: records undecoded (fast path) and decoded events, counted apart. */
    private static final class Output implements EventSink {
        final List<Map<String, Object>> events = new CopyOnWriteArrayList<>();
        final AtomicLong records = new AtomicLong();
        volatile int closes;

        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
            events.add(event);
        }

        @Override
        public void onRecord(String stream, RecordLayout layout, ByteBuffer raw) {
            records.incrementAndGet();
        }

        @Override
        public void onSample(String map, String rendered) {
        }

        @Override
        public void onClose() {
            closes++;
        }
    }

    private static TracerPackage seqTracer() throws Exception {
        BuildFixtures.assumeToolchain();
        Path source = Path.of(RunningTracerKernelTest.class.getResource("/daemon/seq.bpf.c").toURI());
        return TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain()));
    }

    private static PackageHandler js(String name, String source) {
        return new PackageHandler("js", name, source);
    }

    private static PackageHandler emitting(int version) {
        return js("v" + version + ".js", "export function onEvent(e, ctx) { ctx.emit({seq: e.seq, tag: e.tag, v: "
                + version + "}); }\n" + "export function onExit(ctx) { return " + version + "; }\n");
    }

    private static TracerRequest request(TracerPackage pkg, Output output) {
        return TracerRequest.of(pkg, new RunOptions(Map.of("target_tgid", SELF), Map.of()), output);
    }

    @Test
    void runsSwapsSetsParamsAndClosesOnce() throws Exception {
        Output output = new Output();
        RunningTracer tracer = RunningTracer.start(request(seqTracer().withHandler(emitting(1)), output));
        try {
            assertEquals(1, tracer.links().size());
            assertEquals("v1.js", tracer.handlerSource().orElseThrow().fileName());
            Triggers.getppid(3);
            await(() -> output.events.size() >= 3);

            HandOver handOver = tracer.swapHandler(emitting(2));
            assertEquals(1, ((Number) handOver.state()).intValue(), "the old handler's onExit state is handed over");
            assertEquals("v2.js", tracer.handlerSource().orElseThrow().fileName());
            assertThrows(HandlerException.class, () -> tracer.swapHandler(js("broken.js", "export function (")));
            assertEquals("v2.js", tracer.handlerSource().orElseThrow().fileName(), "a broken version is refused");

            assertEquals(Map.of("tag", "7"), tracer.setParams(Map.of("tag", "7")));
            assertEquals(7L, ((Number) tracer.paramValues().get("tag")).longValue());
            ParamChangeRefused refused = assertThrows(ParamChangeRefused.class,
                    () -> tracer.setParams(Map.of("tag", "8", "target_tgid", "1")));
            assertEquals(ParamChangeRefused.Reason.READ_ONLY, refused.reason());
            assertEquals(7L, ((Number) tracer.paramValues().get("tag")).longValue(), "all or nothing");

            Triggers.getppid(1);
            await(() -> output.events.stream().anyMatch(e -> ((Number) e.get("v")).intValue() == 2
                    && ((Number) e.get("tag")).longValue() == 7));
        } finally {
            tracer.close();
        }
        tracer.close();
        assertTrue(tracer.isClosed());
        assertEquals(1, output.closes, "the output closed once, after the handler's onExit");
        assertEquals(2, ((Number) tracer.handlerReport().orElseThrow().exitState()).intValue());
    }

    /** run --watch: a changed file is swapped in through the tracer, which then names it as its handler. */
    @Test
    void aWatchedFileSwapsThroughTheTracer(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("w.js");
        Files.writeString(file, emitting(1).source());
        Output output = new Output();
        List<String> rejected = new CopyOnWriteArrayList<>();
        try (RunningTracer tracer = RunningTracer.start(request(seqTracer().withHandler(emitting(1)), output))) {
            tracer.watchHandler(file, new HandlerFileWatcher.Listener() {
                @Override
                public void swapped(Path f, long millis) {
                }

                @Override
                public void rejected(Path f, String reason) {
                    rejected.add(reason);
                }
            });
            Files.writeString(file, emitting(3).source());
            await(() -> tracer.handlerSource().orElseThrow().fileName().equals("w.js"));
            assertEquals(emitting(3).source(), tracer.handlerSource().orElseThrow().source());
            Triggers.getppid(1);
            await(() -> output.events.stream().anyMatch(e -> ((Number) e.get("v")).intValue() == 3));
            assertTrue(rejected.isEmpty(), rejected.toString());
        }
    }

    @Test
    void aHandlerThatDoesNotLoadLoadsNothing() throws Exception {
        TracerPackage pkg = seqTracer().withHandler(js("broken.js", "export function ("));
        HandlerStartException e = assertThrows(HandlerStartException.class,
                () -> RunningTracer.start(request(pkg, new Output())));
        assertEquals(HandlerStartException.Stage.LOAD, e.stage());
        assertTrue(e.isHandlerError(), e.getMessage());
    }

    @Test
    void aHandlerWhoseInitFailsDetachesEverything() throws Exception {
        Output output = new Output();
        TracerPackage pkg = seqTracer().withHandler(js("init.js",
                "export function init(ctx) { throw new Error('no'); }\nexport function onEvent(e, ctx) {}\n"));
        HandlerStartException e = assertThrows(HandlerStartException.class,
                () -> RunningTracer.start(request(pkg, output)));
        assertEquals(HandlerStartException.Stage.INIT, e.stage());
        assertTrue(e.getMessage().contains("no"), e.getMessage());
        assertEquals(1, output.closes, "the output was closed with the session");
    }

    /** The REPL's delivery: the output keeps every record, undecoded, beside a handler put in front later. */
    @Test
    void everyEventToOutputHandsUndecodedRecordsToBoth() throws Exception {
        Output output = new Output();
        TracerRequest request = request(seqTracer(), output).withHandler(Optional.empty())
                .withDelivery(Delivery.EVERY_EVENT_TO_OUTPUT, false);
        try (RunningTracer tracer = RunningTracer.start(request)) {
            assertTrue(tracer.handler().isEmpty());
            Triggers.getppid(2);
            await(() -> output.records.get() >= 2);
            tracer.swapHandler(js("count.js", "let n = 0;\nexport function onEvent(e, ctx) { n++; }\n"
                    + "export function onExit(ctx) { return n; }\n"));
            Triggers.getppid(5);
            await(() -> output.records.get() >= 7);
            await(() -> tracer.handlerReport().orElseThrow().handled() >= 5);
            assertTrue(output.events.isEmpty(), "nothing was decoded eagerly for the output");
        }
    }

    @Test
    void noHandlerRunsStraightIntoTheOutput() throws Exception {
        Output output = new Output();
        try (RunningTracer tracer = RunningTracer.start(request(seqTracer(), output))) {
            assertFalse(tracer.handler().isPresent());
            Triggers.getppid(4);
            await(() -> output.records.get() >= 4);
            assertThrows(IllegalStateException.class, () -> tracer.watchHandler(Path.of("x.js"), null));
        }
        assertEquals(1, output.closes);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + GUARD.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached within " + GUARD.toSeconds() + " s");
            }
            Thread.sleep(10);
        }
    }
}
