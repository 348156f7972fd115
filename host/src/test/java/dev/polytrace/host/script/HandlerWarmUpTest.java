package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.script.codec.RecordLayout;
import dev.polytrace.script.metrics.Counter;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A warm-up runs the loaded handler on synthetic records in its own context, then evaluates the
 * handler's file again there: the real run begins with fresh module state and globals, and sees,
 * counts, logs, emits and measures only real events.
 */
class HandlerWarmUpTest {
    private static final RecordLayout EVENT = RecordLayout.of(Btf.fromElf(ElfFile.parse(
            TestObjects.bytes("btf_kinds"), "btf_kinds.bpf.o")).byName("event", BtfStruct.class).orElseThrow());

    private static final String JS = """
            let n = 0;
            let seen;
            export function init(ctx) {
              ctx.log.info('init');
              seen = ctx.metrics.counter('seen_total', 'events seen', []);
            }
            export function onEvent(e, ctx) {
              n++;
              globalThis.leaked = (globalThis.leaked || 0) + 1;
              console.log('event ' + n);
              seen.inc();
              ctx.emit({n});
              if (e.pid % 7 === 5) throw new Error('synthetic');
            }
            export function onExit(ctx) {
              return {n, leaked: globalThis.leaked};
            }
            """;

    private static final String PY = """
            n = 0
            seen = None
            def init(ctx):
                global seen
                ctx.log.info('init')
                seen = ctx.metrics.counter('seen_total', 'events seen', [])
            def on_event(e, ctx):
                global n, leaked
                n += 1
                leaked = globals().get('leaked', 0) + 1
                print('event %d' % n)
                seen.inc()
                ctx.emit({'n': n})
                if e.pid % 7 == 5:
                    raise ValueError('synthetic')
            def on_exit(ctx):
                return {'n': n, 'leaked': leaked}
            """;

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @ParameterizedTest
    @CsvSource({"count.js", "count.py"})
    void theRealRunStartsFreshAndSeesOnlyRealEvents(String file) {
        String code = file.endsWith(".js") ? JS : PY;
        RecordingLog log = new RecordingLog();
        RecordingSink output = new RecordingSink();
        MetricsRegistry metrics = new MetricsRegistry();
        HandlerRuntime runtime = HandlerRuntime.load(new PackageHandler(PackageHandler.languageOf(file), file, code),
                HandlerHarness.patientOptions(), new HandlerServices(Map.of(), metrics, Symbolizer.system(), log), output);
        try {
            HandlerWarmUp.Report report = HandlerWarmUp.run(runtime, EVENT, Duration.ofMillis(500));
            assertTrue(report.events() > 0, report::toString);
            assertTrue(report.errors() > 0, "the synthetic pids hit the handler's throw: " + report);
            assertEquals(PackageHandler.languageOf(file), report.language());
            assertEquals(List.of(), log.lines(), "the warm-up logs nothing");
            assertEquals(List.of(), output.records(), "the warm-up emits nothing");
            assertEquals(0, runtime.report().received(), "the warm-up's events are not counted");

            runtime.start(null);
            for (int pid = 100; pid < 103; pid++) {
                runtime.sink().onRecord("events", EVENT, record(pid));
            }
            HandlerHarness.await("3 events handled", Duration.ofSeconds(60), () -> runtime.report().handled() == 3);
            runtime.close();
            HandlerReport real = runtime.report();
            assertEquals("{n=3, leaked=3}", String.valueOf(real.exitState()), "module state and globals start over");
            assertEquals(3, real.handled());
            assertEquals(0, real.errors(), real::toString);
            assertEquals(List.of("INFO init", "INFO event 1", "INFO event 2", "INFO event 3"), log.lines());
            assertEquals("[{n=1}, {n=2}, {n=3}]", output.records().toString());
            assertEquals(3.0, ((Counter) metrics.metric("seen_total").orElseThrow()).value(List.of()));
        } finally {
            runtime.close();
        }
    }

    @ParameterizedTest
    @CsvSource({"maps.js, let n; export function init(ctx) { n = ctx.maps.counts.keys(); } export function onEvent(e) {}",
        "maps.py, 'def init(ctx):\\n    ctx.maps.counts.keys()\\ndef on_event(e, ctx):\\n    pass'"})
    void anInitThatNeedsMapsStillWarmsOnEventAndSaysWhyItFailed(String file, String source) {
        try (HandlerHarness h = loaded(file, source)) {
            HandlerWarmUp.Report report = warmUpSilently(h);
            assertEquals(1, report.errors(), report::toString);
            assertTrue(report.summary().contains(" (1 handler error, the first: " + file + ":"), report.summary());
            HandlerException real = assertThrows(HandlerException.class, () -> h.runtime.start(null));
            assertEquals(report.firstError(), real.getMessage(), "the real init fails as it would have without");
        }
    }

    @ParameterizedTest
    @CsvSource({"throws.js, export function onEvent(e) { throw new Error('no'); }",
        "throws.py, 'def on_event(e, ctx):\\n    raise ValueError(\"no\")'"})
    void aHandlerFailingOnEveryEventIsToldWithItsFirstError(String file, String source) {
        try (HandlerHarness h = loaded(file, source)) {
            HandlerWarmUp.Report report = warmUpSilently(h);
            assertTrue(report.errors() > 0, report::toString);
            assertTrue(report.summary().contains("handler errors, the first: " + file + ":"), report.summary());
            h.runtime.start(null);
            assertEquals(0, h.runtime.report().errors(), "the real run starts with no error counted");
        }
    }

    @Test
    void theWarmUpsRecordsComeWithTheirProcesssContainerAsRealOnesDo() {
        Map<String, String> handlers = Map.of(
                "host.js", "export function onEvent(e) { if (!e.container || e.container.id !== '') throw new Error('none'); }",
                "host.py", """
                        def on_event(e, ctx):
                            c = e.get('container')
                            if c is None or c.id != '':
                                raise ValueError('none')
                        """);
        handlers.forEach((file, source) -> {
            try (HandlerHarness h = HandlerHarness.load(file, source, HandlerHarness.patientOptions())) {
                HandlerWarmUp.Report report = warmUpSilently(h);
                assertEquals(0, report.errors(), file + ": every synthetic event had a host process's container: " + report);
            }
        });
    }

    /** The handler in {@code source} (a CSV value: {@code \\n} for a line break), loaded, not started. */
    private static HandlerHarness loaded(String file, String source) {
        return HandlerHarness.load(file, source.replace("\\n", "\n"), HandlerHarness.patientOptions());
    }

    /** A short warm-up that ran events, checking that its failures were not logged as the handler's. */
    private static HandlerWarmUp.Report warmUpSilently(HandlerHarness h) {
        HandlerWarmUp.Report report = HandlerWarmUp.run(h.runtime, EVENT, Duration.ofMillis(300));
        assertTrue(report.events() > 0, report::toString);
        assertEquals(List.of(), h.log.lines(), "the warm-up's failures are not logged as the handler's");
        return report;
    }

    private static ByteBuffer record(int pid) {
        ByteBuffer raw = ByteBuffer.allocate((int) EVENT.type().size()).order(ByteOrder.LITTLE_ENDIAN);
        return raw.putInt(0, pid); // pid is the struct's first member
    }
}
