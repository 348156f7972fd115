package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.BtfCodec;
import dev.polytrace.script.codec.RecordLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An event read lazily from its bytes ({@link GuestValues#event(RecordLayout, byte[], boolean)}) looks to a
 * handler exactly like the event built from the decoded map: every field, the keys and their order,
 * {@code raw}, the copy that goes back to Java, and changes a handler makes.
 */
@ExtendWith(GuestSandbox.class)
class EventViewTest {
    private static final BtfStruct EVENT = Btf.fromElf(ElfFile.parse(TestObjects.bytes("btf_kinds"), "btf_kinds.bpf.o"))
            .byName("event", BtfStruct.class).orElseThrow();

    private static byte[] randomEvent(long seed) {
        byte[] bytes = new byte[(int) EVENT.size()];
        new Random(seed).nextBytes(bytes);
        bytes[8] = 'b'; // a printable comm, NUL-terminated
        bytes[9] = 0;
        return bytes;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void aLazyEventReadsLikeTheDecodedOne(String language) {
        try (GuestSession g = new GuestSession(language)) {
            for (long seed = 1; seed <= 5; seed++) {
                byte[] raw = randomEvent(seed);
                Object decoded = new BtfCodec().decode(EVENT, raw);
                g.bind("lazy", GuestValues.event(RecordLayout.of(EVENT), raw, g.isPython()));
                g.bind("eager", GuestValues.event(decoded, raw));
                String keys = g.isPython() ? "list(%s.keys())" : "Object.keys(%s)";
                assertEquals(g.java(keys.formatted("eager")), g.java(keys.formatted("lazy")));
                for (Object key : (List<?>) g.java(keys.formatted("eager"))) {
                    String read = "%s['" + key + "']";
                    assertEquals(g.java(read.formatted("eager")), g.java(read.formatted("lazy")), key + " of seed " + seed);
                }
                assertEquals(g.java("eager"), g.java("lazy"));
                assertEquals(g.java("eager.pid"), g.java("lazy.pid"));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void aHandlerMayChangeALazyEvent(String language) {
        try (GuestSession g = new GuestSession(language)) {
            byte[] raw = randomEvent(7);
            g.bind("ev", GuestValues.event(RecordLayout.of(EVENT), raw, g.isPython()));
            Object pid = g.java("ev.pid");
            g.eval(g.isPython() ? "ev['extra'] = 5" : "ev.extra = 5");
            g.eval(g.isPython() ? "del ev['comm']" : "delete ev.comm");
            @SuppressWarnings("unchecked")
            Map<String, Object> back = (Map<String, Object>) g.java("ev");
            Map<String, Object> expected = new LinkedHashMap<>(decodedWithRaw(raw));
            expected.remove("comm");
            expected.put("extra", 5L);
            assertEquals(expected, back);
            assertEquals(pid, back.get("pid"));
            g.fails(g.isPython() ? "ev.raw[0] = 3" : "ev.raw[0] = 3", "raw bytes are read-only");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void aShortRecordHasTheFieldsItHoldsAndItsWholeRaw(String language) {
        try (GuestSession g = new GuestSession(language)) {
            byte[] raw = Arrays.copyOf(randomEvent(3), 8 + 5); // pid, tid and five bytes of comm[16]
            g.bind("ev", GuestValues.event(RecordLayout.of(EVENT), raw, g.isPython()));
            Map<String, Object> decoded = RecordLayout.of(EVENT).decode(RecordLayout.view(raw));

            assertEquals(List.of("pid", "tid", "comm", "raw"), g.java(g.isPython() ? "list(ev.keys())" : "Object.keys(ev)"));
            assertEquals(decoded.get("pid"), g.java("ev.pid"));
            assertEquals("b", g.java("ev.comm"));
            assertEquals(13L, g.java(g.isPython() ? "len(ev.raw)" : "ev.raw.length"));
            assertEquals(Boolean.FALSE, g.java("'nested' in ev"));
            if (g.isPython()) {
                assertEquals(Boolean.TRUE, g.java("ev.nested is None")); // a field of the type: no AttributeError
                assertEquals("absent", g.java("ev.get('nested', 'absent')"));
                g.fails("ev['nested']", "KeyError");
                g.fails("ev.no_such_field", "AttributeError");
            } else {
                assertEquals(Boolean.TRUE, g.java("ev.nested === undefined"));
            }
            Map<String, Object> expected = new LinkedHashMap<>(decodedWithRaw(raw));
            assertEquals(expected, g.java("ev"));
            g.eval(g.isPython() ? "ev['extra'] = 5" : "ev.extra = 5");
            expected.put("extra", 5L);
            assertEquals(expected, g.java("ev"), "changed: still without the fields it lacks");
        }
    }

    /** The decoded record plus raw as unsigned bytes, as a handler's event goes back to Java. */
    private static Map<String, Object> decodedWithRaw(byte[] raw) {
        Map<String, Object> out = RecordLayout.of(EVENT).decode(RecordLayout.view(raw));
        List<Long> bytes = new ArrayList<>();
        for (byte b : raw) {
            bytes.add((long) (b & 0xff));
        }
        out.put("raw", bytes);
        return out;
    }
}
