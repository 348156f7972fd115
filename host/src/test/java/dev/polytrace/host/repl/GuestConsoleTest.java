package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.api.HandlerContext;
import dev.polytrace.script.metrics.MetricsRegistry;
import dev.polytrace.script.symbols.Symbolizer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The JS console without a tracer: values printed readably, errors as one message, Ctrl-C, completeness. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuestConsoleTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<String> logged = new ArrayList<>();
    private GuestConsole js;

    @BeforeAll
    void start() {
        ReplEnvironment env = new ReplEnvironment(() -> null, new MetricsRegistry(), Symbolizer.system(),
                (level, message) -> logged.add(message));
        js = new GuestConsole(ReplLanguage.JS, new HandlerContext(env),
                (count, stream) -> List.of(event()), out, out);
    }

    private static Map<String, Object> event() {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("pid", 7L);
        event.put("comm", "sh");
        return event;
    }

    @AfterAll
    void close() {
        js.close();
    }

    private String eval(String code) {
        return js.eval(code, 100).text();
    }

    @Test
    void valuesReadLikeTheLanguage() {
        assertEquals("3", eval("1 + 2"));
        assertEquals("plain text", eval("'plain text'"));
        assertEquals("{a: [1, \"two\", {b: null}], \"c d\": true}", eval("({a: [1, 'two', {b: null}], 'c d': true})"));
        assertEquals("", eval("undefined"));
        assertEquals("null", eval("null"));
        assertEquals("[Function: twice]", eval("function twice(x) { return 2 * x }; twice"));
        assertEquals("[{pid: 7, comm: \"sh\"}]", eval("events()"));
        assertEquals("7", eval("events(1)[0].pid"));
        assertTrue(eval("ctx").startsWith("ctx {"), eval("ctx"));
        assertEquals("{}", eval("ctx.params"));
    }

    @Test
    void guestOutputGoesToTheTerminal() {
        eval("console.log('hello from js')");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("hello from js\n"));
    }

    @Test
    void errorsAreOneMessage() {
        EvalOutcome error = js.eval("undefinedThing.x", 100);
        assertEquals(EvalOutcome.Kind.ERROR, error.kind());
        assertEquals("ReferenceError: undefinedThing is not defined", error.text());
        EvalOutcome host = js.eval("events('many')", 100);
        assertEquals("events(count, stream): count must be a whole number >= 0", host.text());
        EvalOutcome noTracer = js.eval("ctx.maps.counts", 100);
        assertEquals("ctx.maps has no map 'counts': this tracer has no BPF object loaded", noTracer.text());
        assertEquals("2", eval("1 + 1"), "the context is still usable");
    }

    @Test
    void ctrlCInterruptsARunawayLineAndTheContextStays() throws Exception {
        CompletableFuture<EvalOutcome> running = new CompletableFuture<>();
        Thread line = new Thread(() -> {
            try {
                running.complete(js.eval("console.log('loop ' + 'started'); while (true) {}", 100));
            } catch (Throwable t) {
                running.completeExceptionally(t);
            }
        }, "test-runaway-line");
        line.setDaemon(true);
        line.start();
        awaitOutput("loop started\n"); // the line runs: the interrupt has something to stop
        js.interrupt();
        EvalOutcome outcome = running.get(60, TimeUnit.SECONDS);
        assertEquals(EvalOutcome.Kind.ERROR, outcome.kind());
        assertEquals("interrupted", outcome.text());
        assertTrue(js.isUsable());
        assertEquals("4", eval("2 * 2"));
    }

    private void awaitOutput(String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!out.toString(StandardCharsets.UTF_8).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the output: " + out.toString(StandardCharsets.UTF_8));
            }
            Thread.sleep(5);
        }
    }

    @Test
    void theParserSaysWhenAStatementIsUnfinished() {
        assertTrue(js.needsMore("if (x)"));
        assertTrue(js.needsMore("1 +"));
        assertFalse(js.needsMore("1 + 1"));
        assertFalse(js.needsMore("a b"), "a plain syntax error runs, and reports itself");
    }

    @Test
    void completionWalksHostMembersOnly() {
        assertTrue(js.members(List.of("ctx")).containsAll(List.of("params", "maps", "hist", "emit")));
        assertTrue(js.members(List.of("ctx", "hist")).containsAll(List.of("log2", "linear")));
        assertEquals(List.of(), js.members(List.of("nothing", "here")));
        assertTrue(js.globals().contains("ctx"));
    }
}
