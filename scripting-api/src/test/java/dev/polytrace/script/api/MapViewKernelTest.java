package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.script.hist.LinearHistogram;
import dev.polytrace.script.hist.Log2Histogram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ctx.maps against real hash, array and LRU maps, from JS and Python. Per-CPU and struct maps: see siblings. */
@KernelTest
@ExtendWith(GuestSandbox.class)
class MapViewKernelTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();
    private static KernelBasics loaded;
    private static BpfObject object;

    @BeforeAll
    static void load() {
        loaded = KernelBasics.load();
        object = loaded.object();
    }

    @AfterAll
    static void close() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
        if (loaded != null) {
            loaded.close();
        }
    }

    private static GuestSession session(String language) {
        loaded.reset();
        return SESSIONS.computeIfAbsent(language, GuestSession::new)
                .bind("ctx", new HandlerContext(new FakeEnvironment().withObject(object)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void hashMapReadsAndWritesBothWays(String language) {
        GuestSession g = session(language);
        BpfMap map = object.map("hash_map");
        map.update(Bytes.u32(1), Bytes.u64(10));
        assertEquals(10L, g.java("ctx.maps.hash_map.get(1)"));
        assertEquals(10L, g.java("ctx.maps['hash_map'].get(1)"));
        assertEquals(true, g.java("ctx.maps.hash_map.get(99) == null"), "absent keys read as null/None");
        g.eval("ctx.maps.hash_map.set(2, 20)");
        g.eval("ctx.maps.hash_map.set(3, '0xffffffffffffffff')");
        assertEquals(20L, Bytes.u64(map.lookup(Bytes.u32(2)).orElseThrow(), 0));
        assertEquals(-1L, Bytes.u64(map.lookup(Bytes.u32(3)).orElseThrow(), 0));
        assertEquals("18446744073709551615", g.java(g.isPython() ? "str(ctx.maps.hash_map.get(3))"
                : "String(ctx.maps.hash_map.get(3))"), "u64 above 2^63 stays exact");
        assertEquals(true, g.java("ctx.maps.hash_map.has(2)"));
        assertEquals(3L, g.java("ctx.maps.hash_map.size()"));
        assertEquals(List.of(1L, 2L, 3L), sorted(g.java("ctx.maps.hash_map.keys()")));
        assertEquals(true, g.java("ctx.maps.hash_map.delete(2)"));
        assertEquals(false, g.java("ctx.maps.hash_map.delete(2)"));
        assertTrue(map.lookup(Bytes.u32(2)).isEmpty());
        List<?> entries = (List<?>) g.java(g.isPython()
                ? "[{'k': e.key, 'v': e['value']} for e in ctx.maps.hash_map.entries()]"
                : "ctx.maps.hash_map.entries().map(e => ({'k': e.key, 'v': e['value']}))");
        assertTrue(entries.contains(Map.of("k", 1L, "v", 10L)), entries.toString());
        assertEquals(2, entries.size());
        assertEquals(2L, g.java("ctx.maps.hash_map.clear()"));
        assertTrue(map.keys().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void mapViewDescribesItsMap(String language) {
        GuestSession g = session(language);
        String describe = "{'name': m.name, 'type': m.type, 'key': m.keyType, 'value': m.valueType,"
                + " 'max': m.maxEntries, 'perCpu': m.perCpu}";
        g.eval(g.isPython() ? "m = ctx.maps.hash_map" : "var m = ctx.maps.hash_map");
        assertEquals(Map.of("name", "hash_map", "type", "hash", "key", "__u32", "value", "__u64", "max", 1024L,
                "perCpu", false), g.java("(" + describe + ")"));
        List<?> names = (List<?>) g.java(g.isPython() ? "list(ctx.maps)" : "Object.keys(ctx.maps)");
        assertTrue(names.containsAll(List.of("events", "hash_map", "array_map", "percpu_array", "percpu_hash",
                "lru_map", "k.bss", "k.data", "k.rodata")), names.toString());
        assertEquals("lru_hash", g.java("ctx.maps.lru_map.type"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void arrayMapsHaveEveryIndex(String language) {
        GuestSession g = session(language);
        BpfMap array = object.map("array_map");
        assertEquals(0L, g.java("ctx.maps.array_map.get(3)"));
        g.eval("ctx.maps.array_map.set(3, 42)");
        assertEquals(42L, Bytes.u64(array.lookup(Bytes.u32(3)).orElseThrow(), 0));
        array.update(Bytes.u32(5), Bytes.u64(7));
        assertEquals(7L, g.java("ctx.maps.array_map.get(5)"));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L), g.java("ctx.maps.array_map.keys()"));
        assertEquals(8L, g.java("ctx.maps.array_map.size()"));
        assertEquals(true, g.java("ctx.maps.array_map.get(8) == null"), "past max_entries");
        g.fails("ctx.maps.array_map.delete(3)", "ctx.maps.array_map.delete: bpf_map_delete_elem(array_map) failed");
        g.fails("ctx.maps.array_map.delete(3)", "array maps have every index; write a zero value instead");
        g.eval("ctx.maps.array_map.clear()");
        assertEquals(0L, Bytes.u64(array.lookup(Bytes.u32(3)).orElseThrow(), 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void lruMapsBehaveLikeHashes(String language) {
        GuestSession g = session(language);
        g.eval("ctx.maps.lru_map.set(1, 100)");
        assertEquals(100L, Bytes.u64(object.map("lru_map").lookup(Bytes.u32(1)).orElseThrow(), 0));
        object.map("lru_map").update(Bytes.u32(2), Bytes.u64(200));
        assertEquals(200L, g.java("ctx.maps['lru_map'].get(2)"));
        assertEquals(true, g.java("ctx.maps.lru_map.delete(1)"));
        assertEquals(List.of(2L), g.java("ctx.maps.lru_map.keys()"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void badKeysAndValuesAreExplained(String language) {
        GuestSession g = session(language);
        g.fails("ctx.maps.hash_map.set('abc', 1)", "ctx.maps.hash_map.set key: 'abc' is not an integer");
        g.fails("ctx.maps.hash_map.set(4294967296, 1)", "ctx.maps.hash_map.set key: 4294967296 is out of range for");
        g.fails("ctx.maps.hash_map.set(1, -1)", "ctx.maps.hash_map.set value: -1 is out of range for");
        g.fails("ctx.maps.hash_map.get({'x': 1})", "ctx.maps.hash_map.get key:");
        g.fails("ctx.maps.hash_map.get(null)", "ctx.maps.hash_map.get: a key is needed (__u32)");
        g.fails("ctx.maps.hash_map.get(1, {'total': true})", "ctx.maps.hash_map.get: unknown option 'total'; options:"
                + " sum");
        g.fails(g.isPython() ? "ctx.maps.hash_map.set(1, lambda: 1)" : "ctx.maps.hash_map.set(1, () => 1)",
                "ctx.maps.hash_map.set value: the value is a function; values must be JSON-like");
        assertTrue(object.map("hash_map").keys().isEmpty(), "failed writes change nothing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void unknownMapsAndEventStreamsAreExplained(String language) {
        GuestSession g = session(language);
        String listed = g.fails("ctx.maps.nope.get(1)", "ctx.maps has no map 'nope'; this tracer's maps: ").getMessage();
        assertTrue(listed.contains("hash_map") && listed.contains("lru_map") && listed.contains("k.bss"), listed);
        g.fails("ctx.maps['nope']", "ctx.maps has no map 'nope'");
        g.fails("ctx.maps.events.keys()", "ctx.maps.events.keys: events is a ringbuf map; its records reach the"
                + " handler as events (onEvent), not through ctx.maps");
        g.fails(g.isPython() ? "ctx.maps['x'] = 1" : "ctx.maps.x = 1", "ctx.maps is read-only");
        assertEquals(false, g.java(g.isPython() ? "'nope' in list(ctx.maps)" : "Object.keys(ctx.maps).includes('nope')"));
        for (String printing : g.isPython() ? new String[] {"print(ctx.maps)", "repr(ctx.maps)", "str(ctx.maps.hash_map)",
                "print(ctx.params)"} : new String[] {"console.log(ctx.maps)", "String(ctx.maps)", "`${ctx.maps}`",
                "JSON.stringify(ctx.maps)", "console.log(ctx.maps.hash_map)", "console.log(ctx.params)"}) {
            g.eval(printing); // language machinery probing ctx.maps must not hit the unknown-map error
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void dataSectionsAnswerToTheirSectionName(String language) {
        GuestSession g = session(language);
        assertEquals(7L, g.java("ctx.maps['.data'].get(0).value_base"));
        assertEquals(7L, g.java("ctx.maps['k.data'].get(0)['value_base']"));
        g.eval("ctx.maps['.data'].set(0, {'value_base': 9})");
        assertEquals(9L, g.java("ctx.maps['.data'].get(0).value_base"));
        assertEquals(1L, g.java("ctx.maps['.rodata'].get(0).multiplier"));
        g.eval("ctx.maps['.data'].set(0, {'value_base': 7})");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void histogramsOfMaps(String language) {
        GuestSession g = session(language);
        BpfMap slots = object.map("hash_map");
        slots.update(Bytes.u32(1), Bytes.u64(4));
        slots.update(Bytes.u32(3), Bytes.u64(32));
        assertEquals(Log2Histogram.render(new long[] {0, 4, 0, 32}, "usecs"),
                g.java("ctx.hist.log2(ctx.maps.hash_map, 'usecs')"));
        BpfMap buckets = object.map("array_map");
        buckets.update(Bytes.u32(0), Bytes.u64(2));
        buckets.update(Bytes.u32(2), Bytes.u64(6));
        assertEquals(LinearHistogram.render(new long[] {2, 0, 6, 0, 0, 0, 0, 0}, 100, 50, "bytes"),
                g.java("ctx.hist.linear(ctx.maps.array_map, 100, 50, 'bytes')"));
        g.fails("ctx.hist.log2(ctx.maps['.data'])", "is not a histogram");
    }

    private static List<Object> sorted(Object list) {
        List<Object> copy = new ArrayList<>((List<?>) list);
        copy.sort((a, b) -> Long.compare((Long) a, (Long) b));
        return copy;
    }
}
