package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.session.TracerSession;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot swap while events flow: a BPF program numbers every event; the handler is replaced 50
 * times; the union of what the handlers emitted is exactly 1..n, with no gap and no repeat.
 */
@KernelTest
class HotSwapKernelTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);

    private final List<Long> seen = new ArrayList<>();
    private final TreeSet<Long> versions = new TreeSet<>();

    private final EventSink output = new EventSink() {
        @Override
        public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
            synchronized (seen) {
                seen.add(((Number) event.get("seq")).longValue());
                versions.add(((Number) event.get("v")).longValue());
            }
        }

        @Override
        public void onSample(String map, String rendered) {
        }
    };

    private static PackageHandler js(int version) {
        return new PackageHandler("js", "swap.js",
                "export function onEvent(e, ctx) { ctx.emit({seq: e.seq, v: " + version + "}); }\n");
    }

    private static TracerPackage seqTracer() throws Exception {
        BuildFixtures.assumeToolchain();
        Path source = Path.of(HotSwapKernelTest.class.getResource("/daemon/seq.bpf.c").toURI());
        return TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain()));
    }

    @Test
    void fiftySwapsWhileEventsFlowLoseAndRepeatNothing() throws Exception {
        TracerPackage pkg = seqTracer().withHandler(js(0));
        HandlerServices services = new HandlerServices(Map.of(), new MetricsRegistry(), Symbolizer.system(),
                new RecordingLog());
        HandlerRuntime runtime = HandlerRuntime.load(pkg.handler().orElseThrow(), HandlerHarness.patientOptions(),
                services, output);
        RunOptions options = new RunOptions(Map.of("target_tgid", Long.toString(ProcessHandle.current().pid())),
                Map.of());
        long[] swapMillis = new long[50];
        long produced;
        try (TracerSession session = TracerSession.start(pkg, options, runtime.sink())) {
            runtime.start(session.object());
            AtomicBoolean producing = new AtomicBoolean(true);
            // The one thread calling getppid() while it runs: seq.bpf.c's next_seq is not incremented
            // atomically, so two callers at once could get the same number.
            Thread producer = new Thread(() -> {
                // ~5,000 events/s: well within what an interpreted handler handles, so the queue
                // never overflows and any missing number can only come from the swap itself.
                while (producing.get()) {
                    Triggers.getppid(5);
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }, "getppid-producer");
            producer.start();
            for (int i = 1; i <= 50; i++) {
                long start = System.nanoTime();
                runtime.replace(js(i));
                swapMillis[i - 1] = (System.nanoTime() - start) / 1_000_000;
                if (i % 10 == 0) {
                    // swaps can outpace a loaded machine's reader: make sure events reach versions in between
                    awaitVersion(i);
                }
            }
            assertThrows(HandlerException.class, () -> runtime.replace(new PackageHandler("js", "broken.js",
                    "export function onEvent(e, ctx) { ctx.emit({seq: e.seq, v: ")), "a broken version is refused");
            producing.set(false);
            producer.join();
            Triggers.getppid(100); // still handled, by version 50
            produced = session.object().variables().get("next_seq").longValue();
            long all = produced;
            HandlerHarness.await("all " + all + " numbered events emitted", HANG_GUARD, () -> seenCount() >= all);
        }
        List<Long> sorted;
        synchronized (seen) {
            sorted = new ArrayList<>(seen);
        }
        sorted.sort(null);
        assertEquals(produced, sorted.size(), "every numbered event was delivered exactly once");
        for (int i = 0; i < sorted.size(); i++) { // seq.bpf.c numbers its events 1, 2, 3, ...
            assertEquals(i + 1, sorted.get(i), "no gap and no repeat at position " + i);
        }
        assertTrue(versions.contains(50L) && versions.size() >= 2, "events reached several versions: " + versions);
        assertEquals(50L, versions.last(), "the broken replacement never ran");
        Arrays.sort(swapMillis);
        System.out.printf("hot swap: p50 %d ms, p99 %d ms over 50 swaps%n", swapMillis[24], swapMillis[49]);
    }

    private void awaitVersion(long version) {
        HandlerHarness.await("an event handled by version " + version, HANG_GUARD, () -> {
            synchronized (seen) {
                return versions.contains(version);
            }
        });
    }

    @Test
    void theFileWatcherSwapsOnChangeAndRejectsABrokenVersion(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("swap.js");
        Files.writeString(file, js(1).source());
        TracerPackage pkg = seqTracer().withHandler(js(1));
        HandlerServices services = new HandlerServices(Map.of(), new MetricsRegistry(), Symbolizer.system(),
                new RecordingLog());
        HandlerRuntime runtime = HandlerRuntime.load(pkg.handler().orElseThrow(), HandlerHarness.patientOptions(),
                services, output);
        List<String> outcomes = new ArrayList<>();
        RunOptions options = new RunOptions(Map.of("target_tgid", Long.toString(ProcessHandle.current().pid())),
                Map.of());
        try (TracerSession session = TracerSession.start(pkg, options, runtime.sink());
                HandlerFileWatcher watcher = HandlerFileWatcher.start(file, runtime::replace, new HandlerFileWatcher.Listener() {
                    @Override
                    public void swapped(Path f, long millis) {
                        synchronized (outcomes) {
                            outcomes.add("swapped");
                        }
                    }

                    @Override
                    public void rejected(Path f, String reason) {
                        synchronized (outcomes) {
                            outcomes.add("rejected: " + reason);
                        }
                    }
                })) {
            runtime.start(session.object());
            Files.writeString(file, js(2).source());
            awaitOutcomes(outcomes, 1);
            Files.writeString(file, "export function onEvent(e, ctx) { syntax error here");
            awaitOutcomes(outcomes, 2);
            Triggers.getppid(20);
            HandlerHarness.await("20 events emitted", HANG_GUARD, () -> seenCount() >= 20);
        }
        assertEquals("swapped", outcomes.get(0));
        assertTrue(outcomes.get(1).startsWith("rejected: ") && outcomes.get(1).contains("swap.js"), outcomes.toString());
        assertEquals(List.of(2L), List.copyOf(versions), "version 2 handled the events after the broken save");
    }

    private static void awaitOutcomes(List<String> outcomes, int n) {
        HandlerHarness.await(n + " outcomes reported by the watcher (have " + outcomes + ")", HANG_GUARD, () -> {
            synchronized (outcomes) {
                return outcomes.size() >= n;
            }
        });
    }

    private int seenCount() {
        synchronized (seen) {
            return seen.size();
        }
    }
}
