package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The ctx members that need no kernel: params, emit, log, clocks, symbols, maps without an object. */
@ExtendWith(GuestSandbox.class)
class HandlerContextTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();

    private FakeEnvironment env;

    private GuestSession session(String language) {
        env = new FakeEnvironment();
        env.params.put("target_pid", 42L);
        env.params.put("comm", "bash");
        return SESSIONS.computeIfAbsent(language, GuestSession::new).bind("ctx", new HandlerContext(env));
    }

    @AfterAll
    static void closeSessions() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void paramsAreReadableAndReadOnly(String language) {
        GuestSession g = session(language);
        assertEquals(42L, g.java("ctx.params.target_pid"));
        assertEquals("bash", g.java("ctx.params['comm']"));
        assertEquals(List.of("target_pid", "comm"), g.java(g.isPython() ? "list(ctx.params)" : "Object.keys(ctx.params)"));
        g.fails(g.isPython() ? "ctx.params['target_pid'] = 1" : "ctx.params.target_pid = 1",
                "ctx.params is read-only: 'target_pid' cannot be set from a handler");
        g.fails(g.isPython() ? "ctx.params.comm = 'x'" : "ctx.params['comm'] = 'x'", "ctx.params is read-only");
        env.params.put("target_pid", 7L);
        assertEquals(7L, g.java("ctx.params.target_pid"), "params are read live from the host");
        Map<?, ?> holder = (Map<?, ?>) g.java("({'p': ctx.params})");
        assertEquals(Map.of("target_pid", 7L, "comm", "bash"), holder.get("p"), "params copy into records");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void emitSendsJsonLikeRecords(String language) {
        GuestSession g = session(language);
        g.eval("ctx.emit({'pid': 1, 'comm': 'sh', 'args': ['-c', 'true'], 'ratio': 0.25, 'big': "
                + (g.isPython() ? "2 ** 64" : "2n ** 64n") + "})");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pid", 1L);
        expected.put("comm", "sh");
        expected.put("args", List.of("-c", "true"));
        expected.put("ratio", 0.25);
        expected.put("big", BigInteger.ONE.shiftLeft(64));
        assertEquals(List.of(expected), env.emitted);
        g.fails(g.isPython() ? "ctx.emit({'x': lambda: 1})" : "ctx.emit({'x': () => 1})",
                "emit: field 'x' is a function; records must be JSON-like");
        g.fails("ctx.emit([1, 2])", "emit: the record must be an object (JS) or a dict (Python), got an array");
        g.fails("ctx.emit(5)", "emit: the record must be an object (JS) or a dict (Python), got a number");
        assertEquals(1, env.emitted.size(), "failed emits send nothing");
    }

    /** {"s":"x...x"} is 2 + 5 + (n + 2) bytes of JSON; the error names the size it got to. */
    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void emitRefusesARecordLargerThanTheCapAndNamesItsSize(String language) {
        GuestSession g = session(language);
        env.maxEmitBytes = 1000;
        String x = g.isPython() ? "'x' * " : "'x'.repeat(";
        String close = g.isPython() ? "" : ")";
        g.eval("ctx.emit({'s': " + x + "991" + close + "})"); // 1000 bytes exactly
        g.fails("ctx.emit({'s': " + x + "992" + close + "})", "emit: the record takes at least 1001 bytes as JSON (up"
                + " to field 's'), over the limit of 1000 bytes (option maxEmitBytes)");
        g.fails("ctx.emit({'a': [" + (g.isPython() ? "'é' * 300] * 3" : "...Array(3)].map(() => 'é'.repeat(300))")
                + "})", "emit: the record takes at least 1215 bytes as JSON (up to field 'a[1]'), over the limit of 1000"
                + " bytes (option maxEmitBytes)");
        env.maxEmitBytes = HandlerEnvironment.DEFAULT_MAX_EMIT_BYTES;
        g.fails("ctx.emit({'big': " + x + "(100 * 1024 * 1024)" + close + "})", "emit: the record takes at least"
                + " 104857611 bytes as JSON (up to field 'big'), over the limit of 1048576 bytes (option maxEmitBytes)");
        assertEquals(1, env.emitted.size(), "only the first was emitted");
        assertEquals(991, ((String) env.emitted.get(0).get("s")).length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void emitAcceptsEventsBack(String language) {
        GuestSession g = session(language).bind("ev", GuestValues.event(new LinkedHashMap<>(Map.of("pid", 3L)),
                new byte[] {9}));
        g.eval(g.isPython() ? "ev['note'] = 'seen'\nctx.emit(ev)" : "ev.note = 'seen'; ctx.emit(ev)");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pid", 3L);
        expected.put("raw", List.of(9L));
        expected.put("note", "seen");
        assertEquals(List.of(expected), env.emitted);
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void logJoinsPartsAtTheirLevel(String language) {
        GuestSession g = session(language);
        g.eval("ctx.log.info('opened', 3, 'files')");
        g.eval("ctx.log.warn('slow')");
        g.eval("ctx.log.error('failed:', 'x')");
        g.eval("ctx.log.debug()");
        assertEquals(List.of("INFO opened 3 files", "WARN slow", "ERROR failed: x", "DEBUG "), env.logged);
        g.eval("ctx.log.info([1, 2])");
        assertTrue(env.logged.get(4).startsWith("INFO ") && env.logged.get(4).contains("[1, 2]"),
                "a lone array is one part: " + env.logged.get(4));
        g.eval(g.isPython() ? "ctx.log.info('x' * 20000)" : "ctx.log.info('x'.repeat(20000))");
        assertTrue(env.logged.get(5).endsWith("... (cut at 16384 characters)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void clocksGiveNanoseconds(String language) {
        GuestSession g = session(language);
        long before = System.currentTimeMillis();
        Number now = (Number) g.java("ctx.now()");
        long after = System.currentTimeMillis();
        assertTrue(now.doubleValue() >= before * 1e6 - 1e3 && now.doubleValue() <= after * 1e6 + 1e6, "now " + now);
        long k0 = System.nanoTime();
        long k = ((Number) g.java("ctx.ktime()")).longValue();
        assertTrue(Math.abs(k - k0) < 5_000_000_000L, "ktime is the monotonic clock");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void ksymTakesNumbersBigIntsAndHexStrings(String language) {
        GuestSession g = session(language);
        assertEquals("do_sys_open+0x1a", g.java("ctx.ksym('0xffffffff8100101a')"));
        assertEquals("helper+0x0", g.java(g.isPython() ? "ctx.ksym(0xffffffff81002000)" : "ctx.ksym(0xffffffff81002000n)"));
        assertEquals("0x1000", g.java("ctx.ksym(4096)"), "below every kernel symbol");
        g.fails("ctx.ksym('nope')", "ctx.ksym: 'nope' is not an address");
        g.fails("ctx.usym(-1, 5)", "ctx.usym: pid must be a positive whole number");
        assertEquals("0x5", g.java("ctx.usym(" + ProcessHandle.current().pid() + ", 5)"), "unmapped address");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void mapsWithoutAnObjectExplain(String language) {
        GuestSession g = session(language);
        g.fails("ctx.maps.counts", "ctx.maps has no map 'counts': this tracer has no BPF object loaded");
        g.fails("ctx.maps['counts']", "ctx.maps has no map 'counts'");
        assertEquals(List.of(), g.java(g.isPython() ? "list(ctx.maps)" : "Object.keys(ctx.maps)"));
        assertEquals(g.isPython() ? "{}" : "[object Object]", g.java(g.isPython() ? "str(ctx.maps)" : "String(ctx.maps)"),
                "printing ctx.maps does not ask for a map");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void nothingButTheDeclaredMembersIsReachable(String language) {
        GuestSession g = session(language);
        if (g.isPython()) {
            g.fails("ctx.env", "has no attribute 'env'");
            g.fails("ctx.getClass()", "has no attribute 'getClass'");
        } else {
            assertEquals(true, g.java("ctx.env === undefined"));
            g.fails("ctx.getClass()", "getClass");
            g.fails("'use strict'; ctx.log = null", "log");
        }
    }

    @Test
    void guestOutputBecomesLogLines() throws IOException {
        List<String> lines = new ArrayList<>();
        HandlerLog log = (level, message) -> lines.add(level + " " + message);
        try (OutputStream out = log.stream(LogLevel.WARN)) {
            out.write("first\nsecond ünï\r\npart".getBytes(StandardCharsets.UTF_8));
            out.flush();
            out.write("\n".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals(List.of("WARN first", "WARN second ünï", "WARN part", "WARN "), lines);
    }
}
