package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@ExtendWith(GuestSandbox.class)
class GuestValuesTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();

    private static GuestSession session(String language) {
        return SESSIONS.computeIfAbsent(language, GuestSession::new);
    }

    @AfterAll
    static void closeSessions() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
    }

    private static Map<String, Object> sampleEvent() {
        Map<String, Object> ev = new LinkedHashMap<>();
        ev.put("pid", 42L);
        ev.put("comm", "bash");
        ev.put("nested", new LinkedHashMap<>(Map.of("x", 1L)));
        ev.put("list", new ArrayList<>(List.of(1L, 2L, 3L)));
        ev.put("big", new BigInteger("18446744073709551615"));
        return ev;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void nestedObjectsAndListsBecomePlainJava(String language) {
        Object v = session(language).java(
                "({'pid': 42, 'comm': 'bash', 'args': [1, 'x', {'deep': true}], 'ratio': 0.5, 'none': null})");
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("pid", 42L);
        expected.put("comm", "bash");
        expected.put("args", List.of(1L, "x", Map.of("deep", true)));
        expected.put("ratio", 0.5);
        expected.put("none", null);
        assertEquals(expected, v);
        assertInstanceOf(LinkedHashMap.class, v);
        assertEquals(List.of("pid", "comm", "args", "ratio", "none"), List.copyOf(((Map<?, ?>) v).keySet()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void bigIntegersStayExact(String language) {
        GuestSession g = session(language);
        assertEquals(new BigInteger("18446744073709551615"), g.java(g.isPython() ? "2 ** 64 - 1" : "2n ** 64n - 1n"));
        assertEquals(Long.MIN_VALUE, g.java(g.isPython() ? "-(2 ** 63)" : "-(2n ** 63n)"));
        assertEquals(7L, g.java(g.isPython() ? "7" : "7n"));
        assertEquals(3L, g.java("3.0"), "whole numbers are Longs");
        assertEquals(2.5, g.java("2.5"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void sequencesAndDictsOfEachLanguage(String language) {
        GuestSession g = session(language);
        if (g.isPython()) {
            assertEquals(List.of(1L, 2L), g.java("(1, 2)"));
            assertEquals(Map.of("1", 2L), g.java("{1: 2}"), "number keys become their text");
            assertEquals(List.of(97L, 98L, 255L), g.java("b'ab\\xff'"));
        } else {
            assertEquals(List.of(1L, 2L, 44L), g.java("new Uint8Array([1, 2, 300])"));
            assertEquals(Map.of("a", 1L), g.java("new Map([['a', 1]])"));
            assertEquals(Map.of("a", 1L), g.java("new (class Point { constructor() { this.a = 1 } m() {} })()"),
                    "class instances give their own fields");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void functionsAreRejectedNamingTheField(String language) {
        GuestSession g = session(language);
        HandlerValueException e = assertThrowsValue(g,
                g.isPython() ? "{'a': {'f': lambda: 1}}" : "({'a': {'f': () => 1}})");
        assertEquals("test: field 'a.f' is a function; values must be JSON-like", e.getMessage());
        assertEquals("test: the value is a function; values must be JSON-like",
                assertThrowsValue(g, g.isPython() ? "len" : "Math.max").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void cyclesAreRejected(String language) {
        GuestSession g = session(language);
        String cycle = g.isPython() ? "o = {'a': []}\no['a'].append(o)\no"
                : "(() => { const o = {'a': []}; o.a.push(o); return o })()";
        assertEquals("test: field 'a[0]' refers back to a value that contains it (a cycle); values must be JSON-like",
                assertThrowsValue(g, cycle).getMessage());
        String shared = g.isPython() ? "s = [1]\n{'x': s, 'y': s}" : "(() => { const s = [1]; return {'x': s, 'y': s} })()";
        assertEquals(Map.of("x", List.of(1L), "y", List.of(1L)), g.java(shared), "shared, not cyclic: fine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void notANumberAndInfinityAreRejected(String language) {
        GuestSession g = session(language);
        assertEquals("test: field 'x' is NaN; values must be JSON-like",
                assertThrowsValue(g, g.isPython() ? "{'x': float('nan')}" : "({'x': NaN})").getMessage());
        assertEquals("test: field 'l[1]' is Infinity; values must be JSON-like",
                assertThrowsValue(g, g.isPython() ? "{'l': [1, float('inf')]}" : "({'l': [1, Infinity]})")
                        .getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void nestingIsLimited(String language) {
        GuestSession g = session(language);
        String deep = g.isPython() ? "o = 1\nfor i in range(%d): o = {'n': o}\no"
                : "(() => { let o = 1; for (let i = 0; i < %d; i++) o = {'n': o}; return o })()";
        assertInstanceOf(Map.class, g.java(deep.formatted(GuestValues.MAX_DEPTH)));
        HandlerValueException e = assertThrowsValue(g, deep.formatted(GuestValues.MAX_DEPTH + 1));
        assertTrue(e.getMessage().contains("is nested more than 32 levels deep"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void hostObjectsAreRejected(String language) {
        GuestSession g = session(language).bind("h", new HandlerContext(new FakeEnvironment()));
        assertEquals("test: field 'x' is a Java object (HandlerContext); values must be JSON-like",
                assertThrowsValue(g, "({'x': h})").getMessage());
        assertEquals("test: field 'x' is ctx.maps; values must be JSON-like",
                assertThrowsValue(g, "({'x': h.maps})").getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void recordsReadAsAttributesAndSubscripts(String language) {
        GuestSession g = session(language).bind("ev", GuestValues.toGuest(sampleEvent()));
        assertEquals(42L, g.java("ev.pid"));
        assertEquals(42L, g.java("ev['pid']"));
        assertEquals("bash", g.java("ev.comm"));
        assertEquals(1L, g.java("ev.nested.x"));
        assertEquals(1L, g.java("ev['nested']['x']"));
        assertEquals(List.of("pid", "comm", "nested", "list", "big"),
                g.java(g.isPython() ? "list(ev.keys())" : "Object.keys(ev)"));
        assertEquals(5L, g.java(g.isPython() ? "len(ev)" : "Object.keys(ev).length"));
        assertEquals(true, g.java(g.isPython() ? "'pid' in ev" : "'pid' in ev"));
        assertEquals(List.of(2L, 4L, 6L), g.java(g.isPython() ? "[x * 2 for x in ev.list]" : "ev.list.map(x => x * 2)"));
        assertEquals(3L, g.java(g.isPython() ? "len(ev.list)" : "ev.list.length"));
        assertEquals("18446744073709551615", g.java(g.isPython() ? "str(ev.big)" : "String(ev.big)"));
        if (g.isPython()) {
            assertEquals(new BigInteger("18446744073709551616"), g.java("ev.big + 1"));
            assertEquals(Map.of("x", 1L), g.java("dict(ev.nested)"));
        } else {
            assertEquals(new BigInteger("18446744073709551616"), g.java("BigInt(ev.big) + 1n"));
            assertEquals(Map.of("x", 1L), g.java("({...ev.nested})"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void eventsCarryTheirRawBytes(String language) {
        Map<String, Object> decoded = new LinkedHashMap<>(Map.of("pid", 7L));
        GuestSession g = session(language).bind("ev", GuestValues.event(decoded, new byte[] {1, -1, 0x10}));
        assertEquals(7L, g.java("ev.pid"));
        assertEquals(255L, g.java("ev.raw[1]"));
        assertEquals(List.of(1L, 255L, 16L), g.java(g.isPython() ? "list(bytes(ev.raw))" : "Array.from(ev.raw)"));
        assertEquals(3L, g.java(g.isPython() ? "len(ev.raw)" : "ev.raw.length"));
        g.fails(g.isPython() ? "ev.raw[0] = 3" : "ev.raw[0] = 3", "raw bytes are read-only");
        g.bind("scalar", GuestValues.event(5L, new byte[] {5}));
        assertEquals(5L, g.java("scalar.value"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void handlersMayChangeRecordsAndTheChangeIsJava(String language) {
        Map<String, Object> ev = sampleEvent();
        GuestSession g = session(language).bind("ev", GuestValues.toGuest(ev));
        g.eval(g.isPython() ? "ev['extra'] = {'k': [1, 2]}" : "ev.extra = {'k': [1, 2]}");
        g.eval(g.isPython() ? "ev.list[0] = 10" : "ev.list[0] = 10");
        g.eval(g.isPython() ? "ev.list.append(4)" : "ev.list.push(4)");
        assertEquals(Map.of("k", List.of(1L, 2L)), ev.get("extra"));
        assertEquals(List.of(10L, 2L, 3L, 4L), ev.get("list"));
        g.bind("frozen", GuestValues.toGuest(Map.of("a", 1L)));
        g.fails(g.isPython() ? "frozen['a'] = 2" : "frozen.a = 2", "this record is read-only");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void recordsGoBackToJavaAsCopies(String language) {
        Map<String, Object> ev = sampleEvent();
        GuestSession g = session(language).bind("ev", GuestValues.event(ev, new byte[] {-2}));
        Object back = g.java("ev");
        Map<String, Object> expected = new LinkedHashMap<>(ev);
        expected.put("raw", List.of(254L));
        assertEquals(expected, back);
        ((Map<?, ?>) ((Map<?, ?>) back).get("nested")).clear();
        assertEquals(Map.of("x", 1L), ev.get("nested"), "the host's record is not shared");
        g.eval(g.isPython() ? "ev['self'] = ev" : "ev.self = ev");
        assertEquals(List.of("pid", "comm", "nested", "list", "big", "raw"),
                List.copyOf(((Map<?, ?>) ((Map<?, ?>) g.java("ev")).get("self")).keySet()),
                "storing a record in itself stores a copy, so no cycle reaches Java");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void nullAndScalarsPassThrough(String language) {
        GuestSession g = session(language);
        assertNull(((Map<?, ?>) g.java("({'n': null})")).get("n")); // GraalPy's eval of a bare None gives the module
        assertEquals("héllo", g.java("'héllo'"));
        assertEquals(true, g.java("true"));
        assertNull(GuestValues.toGuest(null));
        assertEquals(3L, GuestValues.toGuest((short) 3));
    }

    private static HandlerValueException assertThrowsValue(GuestSession g, String code) {
        org.graalvm.polyglot.Value v = g.eval(code);
        return org.junit.jupiter.api.Assertions.assertThrows(HandlerValueException.class,
                () -> GuestValues.toJava(v, "test"));
    }
}
