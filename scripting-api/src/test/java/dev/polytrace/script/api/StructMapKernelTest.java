package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.BtfEncoder;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Maps with struct keys and values (kernel_basics' {@code struct event}, 32 bytes: seq, pid, value,
 * comm[16]) and maps without BTF, through views over maps created for the test.
 */
@KernelTest
@ExtendWith(GuestSandbox.class)
class StructMapKernelTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();
    private static KernelBasics loaded;
    private static BtfType event;
    private static BpfMap structs;
    private static BpfMap rawInts;
    private static BpfMap rawBytes;

    @BeforeAll
    static void create() {
        loaded = KernelBasics.load();
        event = loaded.object().btf().byName("event", BtfStruct.class).orElseThrow();
        // maps of key and value types kernel_basics has none of
        structs = BpfMap.create(MapType.HASH, "structs", 32, 32, 16);
        rawInts = BpfMap.create(MapType.HASH, "raw_ints", 4, 8, 16);
        rawBytes = BpfMap.create(MapType.HASH, "raw_bytes", 3, 5, 16);
    }

    @AfterAll
    static void close() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
        for (AutoCloseable c : new AutoCloseable[] {structs, rawInts, rawBytes, loaded}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static GuestSession session(String language) {
        structs.clear();
        rawInts.clear();
        rawBytes.clear();
        return SESSIONS.computeIfAbsent(language, GuestSession::new)
                .bind("m", MapView.of(structs, event, event))
                .bind("ints", MapView.of(rawInts, null))
                .bind("bytes", MapView.of(rawBytes, null));
    }

    private static Map<String, Object> event(long seq, long pid, long value, String comm) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("seq", seq);
        e.put("pid", pid);
        e.put("value", value);
        e.put("comm", comm);
        return e;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void structKeysAndValuesAreObjects(String language) {
        GuestSession g = session(language);
        g.eval("m.set({'seq': 1, 'pid': 42, 'value': 7, 'comm': 'bash'}, {'seq': 2, 'comm': 'value side'})");
        byte[] key = new BtfEncoder().encode(event, event(1, 42, 7, "bash"));
        byte[] value = structs.lookup(key).orElseThrow();
        assertEquals(event(2, 0, 0, "value side"), new BtfCodec().decode(event, value), "members left out are zero");
        assertEquals("value side", g.java("m.get({'seq': 1, 'pid': 42, 'value': 7, 'comm': 'bash'}).comm"));
        assertEquals(2L, g.java("m.get({'seq': 1, 'pid': 42, 'value': 7, 'comm': 'bash'})['seq']"));
        structs.update(new BtfEncoder().encode(event, event(3, 1, 1, "java")), new BtfEncoder().encode(event,
                event(4, 5, 6, "from java")));
        List<?> keys = (List<?>) g.java("m.keys()");
        assertTrue(keys.contains(event(3, 1, 1, "java")) && keys.contains(event(1, 42, 7, "bash")), keys.toString());
        assertEquals("from java", g.java(g.isPython()
                ? "[e.value.comm for e in m.entries() if e.key.comm == 'java'][0]"
                : "m.entries().filter(e => e.key.comm === 'java')[0].value.comm"));
        assertEquals("struct event", g.java("m.keyType"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void structErrorsNameTheField(String language) {
        GuestSession g = session(language);
        g.fails("m.set({'nope': 1}, {})", "ctx.maps.structs.set key: unknown member 'nope' of struct event; valid"
                + " members: seq, pid, value, comm");
        g.fails("m.set({'comm': 'a much longer name than sixteen bytes'}, {})",
                "ctx.maps.structs.set key: 'a much longer name than sixteen bytes' is 37 bytes, longer than char[16]"
                        + " (field .comm)");
        g.fails("m.set({}, {'pid': -1})", "ctx.maps.structs.set value: -1 is out of range for");
        g.fails("m.set(5, {})", "ctx.maps.structs.set key: 5 is not a map of members for struct event");
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void mapsWithoutBtfReadIntegersBySizeAndBytesOtherwise(String language) {
        GuestSession g = session(language);
        g.eval("ints.set(1, '0x8000000000000000')");
        assertEquals(Long.MIN_VALUE, Bytes.u64(rawInts.lookup(Bytes.u32(1)).orElseThrow(), 0));
        assertEquals("9223372036854775808", g.java(g.isPython() ? "str(ints.get(1))" : "String(ints.get(1))"));
        assertEquals("4-byte integer", g.java("ints.keyType"));
        g.fails("ints.set(4294967296, 1)", "ctx.maps.raw_ints.set key: 4294967296 is out of range for a 4-byte integer");
        g.eval("bytes.set([1, 2, 3], 'hi')");
        assertEquals(List.of(104L, 105L, 0L, 0L, 0L), g.java("bytes.get([1, 2, 3])"));
        assertEquals(List.of(List.of(1L, 2L, 3L)), g.java("bytes.keys()"));
        g.fails("bytes.set([1, 2, 3, 4], 0)", "ctx.maps.raw_bytes.set key: 4 bytes do not fit 3 bytes");
    }
}
