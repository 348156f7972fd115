package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.script.codec.RecordLayout;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A warm-up runs the handler's own code on synthetic records, in a context of its own: the handler
 * then started for real begins with fresh state and sees only real events.
 */
class HandlerWarmUpTest {
    private static final RecordLayout EVENT = RecordLayout.of(Btf.fromElf(ElfFile.parse(
            TestObjects.bytes("btf_kinds"), "btf_kinds.bpf.o")).byName("event", BtfStruct.class).orElseThrow());

    @AfterEach
    void noHandlerThreadLeft() {
        Bystanders.assertNoHandlerThreadsLeft();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "count.js | let n = 0; export function onEvent(e, ctx) { n += (e.pid >= 0 ? 1 : 1); } export function onExit(ctx) { return n; }",
        "count.py | n = 0\\ndef on_event(e, ctx):\\n    global n\\n    n += 1 if e.pid >= 0 else 1\\ndef on_exit(ctx):\\n    return n"})
    void theWarmedUpHandlerStartsFresh(String file, String source) {
        String code = source.replace("\\n", "\n");
        PackageHandler handler = new PackageHandler(PackageHandler.languageOf(file), file, code);
        HandlerWarmUp.Report report = HandlerWarmUp.run(handler, HandlerHarness.fastOptions(), EVENT,
                Duration.ofMillis(300));
        assertTrue(report.events() > 0, report::toString);
        assertEquals(0, report.errors(), report::toString);
        assertEquals(handler.language(), report.language());

        HandlerHarness real = HandlerHarness.start(file, code, HandlerHarness.fastOptions());
        for (int i = 0; i < 3; i++) {
            real.send(100 + i, "real");
        }
        real.awaitHandled(3);
        assertEquals(3L, real.finish().exitState(), "the warm-up's events are not counted");
    }
}
