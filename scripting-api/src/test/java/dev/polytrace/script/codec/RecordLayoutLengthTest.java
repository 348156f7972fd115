package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.RawBtf.CHAR;
import static dev.polytrace.script.codec.RawBtf.SIGNED;
import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.script.codec.RawBtf.Member;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Records of another length than their type, as tools submit them: execsnoop's fixed part plus
 * the used bytes of {@code args}. A short record has the fields it holds, an array it ends inside
 * has the elements there, and only one shorter than the first field cannot be read. A longer
 * record reads as its type.
 */
class RecordLayoutLengthTest {
    /** {@code struct exec_event { __u32 pid; __u32 args_size; char comm[8]; char args[16]; }}: 32 bytes. */
    private static final RecordLayout EXEC;
    /** {@code struct sample_event { __u64 ts; __u32 pid; int values[4]; }}: 28 bytes of fields, 32 with padding. */
    private static final RecordLayout SAMPLES;
    /** {@code struct path_event { __u32 pid; __u32 n; struct point { int x, y; } points[3]; }}: 32 bytes. */
    private static final RecordLayout POINTS;

    static {
        RawBtf raw = new RawBtf();
        int u32 = raw.integer("unsigned int", 4, 0);
        int s32 = raw.integer("int", 4, SIGNED);
        int u64 = raw.integer("unsigned long long", 8, 0);
        int chr = raw.integer("char", 1, SIGNED | CHAR);
        int exec = raw.struct("exec_event", 32, Member.at("pid", u32, 0), Member.at("args_size", u32, 4),
                Member.at("comm", raw.array(chr, 8), 8), Member.at("args", raw.array(chr, 16), 16));
        int samples = raw.struct("sample_event", 32, Member.at("ts", u64, 0), Member.at("pid", u32, 8),
                Member.at("values", raw.array(s32, 4), 12));
        int point = raw.struct("point", 8, Member.at("x", s32, 0), Member.at("y", s32, 4));
        int path = raw.struct("path_event", 32, Member.at("pid", u32, 0), Member.at("n", u32, 4),
                Member.at("points", raw.array(point, 3), 8));
        EXEC = RecordLayout.of(raw.type(exec));
        SAMPLES = RecordLayout.of(raw.type(samples));
        POINTS = RecordLayout.of(raw.type(path));
    }

    private static byte[] exec(String args) {
        return new Record(32).u32(0, 4242).u32(4, args.length() + 1).str(8, "cat").str(16, args).array();
    }

    private static ByteBuffer cut(byte[] record, int length) {
        return RecordLayout.view(Arrays.copyOf(record, length));
    }

    @Test
    void aCharArrayTheRecordEndsInsideIsTheStringSoFar() {
        ByteBuffer record = cut(exec("-n /etc/hosts"), 16 + 6);

        assertEquals(map("pid", 4242L, "args_size", 14L, "comm", "cat", "args", "-n /et"), EXEC.decode(record));
        assertEquals("-n /et", EXEC.read(EXEC.indexOf("args"), record));
        assertFalse(EXEC.isWhole(record));
        assertTrue(EXEC.isPresent(EXEC.indexOf("args"), record));
    }

    @Test
    void aCutStringEndsAtItsNulWhenTheBytesPresentHaveOne() {
        // execsnoop's EVENT_SIZE: the fixed part plus the used bytes, the NUL among them
        ByteBuffer record = cut(exec("ls"), 16 + 3);

        assertEquals("ls", EXEC.decode(record).get("args"));
    }

    @Test
    void aRecordThatEndsAtAFieldBoundaryLacksTheFieldsAfterIt() {
        ByteBuffer record = cut(exec("ls"), 16);

        assertEquals(map("pid", 4242L, "args_size", 3L, "comm", "cat"), EXEC.decode(record));
        int args = EXEC.indexOf("args");
        assertFalse(EXEC.isPresent(args, record));
        CodecException e = assertThrows(CodecException.class, () -> EXEC.read(args, record));
        assertEquals("cannot decode struct exec_event: the record ends (16 bytes) before its field args (bytes 16..)",
                e.getMessage());
    }

    @Test
    void aScalarTheRecordEndsInsideIsAbsent() {
        ByteBuffer record = cut(exec("ls"), 6);

        assertEquals(map("pid", 4242L), EXEC.decode(record));
        assertFalse(EXEC.isPresent(EXEC.indexOf("args_size"), record));
        assertFalse(EXEC.isPresent(EXEC.indexOf("comm"), record)); // an array after the end, not inside it
    }

    @Test
    void aRecordShorterThanTheFirstFieldCannotBeRead() {
        for (int length : new int[] {0, 3}) {
            ByteBuffer record = cut(exec("ls"), length);
            String expected = "cannot decode struct exec_event (32 bytes): exec_event.pid (unsigned int) needs bytes 0..3,"
                    + " the data has " + length;
            assertEquals(expected, assertThrows(CodecException.class, () -> EXEC.check(record)).getMessage());
            assertEquals(expected, assertThrows(CodecException.class, () -> EXEC.decode(record)).getMessage());
        }
        EXEC.check(cut(exec("ls"), 4)); // the first field: enough
    }

    @Test
    void anIntegerArrayTheRecordEndsInsideHasItsWholeElements() {
        byte[] bytes = new Record(32).u64(0, 99).u32(8, 7).u32(12, 10).u32(16, -20).u32(20, 30).u32(24, 40).array();

        assertEquals(map("ts", 99L, "pid", 7L, "values", list(10L, -20L)), SAMPLES.decode(cut(bytes, 12 + 8 + 3)));
        assertEquals(list(), SAMPLES.decode(cut(bytes, 12 + 3)).get("values"), "inside the first element");
        assertEquals(map("ts", 99L, "pid", 7L), SAMPLES.decode(cut(bytes, 12)));
    }

    @Test
    void aRecordWithoutTheTypesTrailingPaddingHasEveryField() {
        byte[] bytes = new Record(32).u64(0, 99).u32(8, 7).u32(12, 10).u32(16, -20).u32(20, 30).u32(24, 40).array();
        ByteBuffer record = cut(bytes, 28);

        assertEquals(map("ts", 99L, "pid", 7L, "values", list(10L, -20L, 30L, 40L)), SAMPLES.decode(record));
        assertFalse(SAMPLES.isWhole(record));
    }

    @Test
    void anArrayOfStructsTheRecordEndsInsideHasItsWholeElements() {
        byte[] bytes = new Record(32).u32(0, 1).u32(4, 3).u32(8, 1).u32(12, 2).u32(16, 3).u32(20, 4).array();

        assertEquals(map("pid", 1L, "n", 3L, "points", list(map("x", 1L, "y", 2L))), POINTS.decode(cut(bytes, 8 + 12)));
        assertEquals(list(map("x", 1L, "y", 2L)), POINTS.read(POINTS.indexOf("points"), cut(bytes, 8 + 12)));
    }

    @Test
    void aRecordLongerThanItsTypeReadsAsTheType() {
        byte[] whole = exec("-n /etc/hosts");
        byte[] longer = Arrays.copyOf(whole, 40);
        Arrays.fill(longer, 32, 40, (byte) 'x');
        ByteBuffer record = RecordLayout.view(longer);

        assertEquals(EXEC.decode(RecordLayout.view(whole)), EXEC.decode(record));
        assertEquals(map("pid", 4242L, "args_size", 14L, "comm", "cat", "args", "-n /etc/hosts"), EXEC.decode(record));
        assertTrue(EXEC.isWhole(record));
    }

    @Test
    void aCutRecordInsideALargerBufferIsReadToItsLimitOnly() {
        byte[] padded = new byte[8 + 32];
        System.arraycopy(exec("-n /etc/hosts"), 0, padded, 8, 32);
        ByteBuffer record = RecordLayout.view(padded).position(8).limit(8 + 16 + 2);

        assertEquals("-n", EXEC.read(EXEC.indexOf("args"), record));
        assertFalse(EXEC.isPresent(EXEC.indexOf("args"), record.duplicate().limit(8 + 16)));
    }

    @Test
    void placementsCountTheElementsWithinARecord() {
        RecordLayout.Placement values = SAMPLES.placement(SAMPLES.indexOf("values"));
        RecordLayout.Placement args = EXEC.placement(EXEC.indexOf("args"));

        assertEquals(2, values.countWithin(12 + 8 + 3));
        assertEquals(0, values.countWithin(12));
        assertEquals(4, values.countWithin(40));
        assertEquals(5, args.countWithin(16 + 5));
    }

    /**
     * Every struct of btf_kinds.bpf.o cut at every length it can be read at: the fields the cut
     * record has read as in the whole one, arrays but for the elements cut off.
     */
    @Test
    void everyStructCutAnywhereReadsItsFieldsAsTheWholeRecordDoes() {
        Random random = new Random(7);
        int checked = 0;
        for (BtfType type : KindsTypes.BTF.types()) {
            if (!(type instanceof BtfStruct s) || s.size() == 0 || s.name().isEmpty()) {
                continue;
            }
            RecordLayout layout = RecordLayout.of(s);
            byte[] bytes = new byte[(int) s.size()];
            random.nextBytes(bytes);
            Map<String, Object> whole;
            try {
                whole = layout.decode(RecordLayout.view(bytes));
            } catch (CodecException e) {
                continue; // fields random bytes cannot be (a float of an odd size, say)
            }
            for (int length = 1; length < bytes.length; length++) {
                ByteBuffer record = cut(bytes, length);
                try {
                    layout.check(record);
                } catch (CodecException e) {
                    continue;
                }
                Map<String, Object> part = layout.decode(record);
                for (Map.Entry<String, Object> field : part.entrySet()) {
                    assertTrue(sameOrCut(whole.get(field.getKey()), field.getValue()),
                            s.cName() + " cut at " + length + ": " + field);
                }
                assertTrue(whole.keySet().containsAll(part.keySet()));
            }
            checked++;
        }
        assertTrue(checked >= 5, "only " + checked + " structs checked");
    }

    /** A list cut short is the whole one's first elements; a string may end mid-character, so any string passes. */
    private static boolean sameOrCut(Object whole, Object part) {
        if (whole instanceof List<?> w && part instanceof List<?> p && p.size() <= w.size()) {
            return w.subList(0, p.size()).equals(p);
        }
        return whole.equals(part) || (whole instanceof String && part instanceof String);
    }
}
