package dev.polytrace.host.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.RecordLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Records shorter than their type, as execsnoop submits them (the fixed part and the used bytes
 * of a trailing array), and longer ones, written as JSON Lines and as a table: the fields a record
 * holds, an array it ends inside as the part there, nothing for the fields after its end.
 */
class ShortRecordOutputTest {
    private static final Btf BTF = Btf.fromElf(ElfFile.parse(TestObjects.bytes("short_records"), "short_records.bpf.o"));
    /** pid, args_size, comm[16] at 8, args[32] at 24: 56 bytes. */
    private static final BtfStruct EXEC = BTF.byName("exec_event", BtfStruct.class).orElseThrow();
    /** pid, count, values[8] (int) at 8: 40 bytes. */
    private static final BtfStruct SAMPLES = BTF.byName("sample_event", BtfStruct.class).orElseThrow();

    /** execsnoop's EVENT_SIZE: the fixed part, then {@code args} with its NUL. */
    private static byte[] exec(int pid, String comm, String args) {
        byte[] argBytes = args.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(24 + argBytes.length + 1).order(ByteOrder.LITTLE_ENDIAN).putInt(0, pid)
                .putInt(4, argBytes.length + 1).put(8, comm.getBytes(StandardCharsets.UTF_8)).put(24, argBytes).array();
    }

    private static String json(BtfStruct type, byte[]... records) {
        StringWriter text = new StringWriter();
        JsonLinesSink sink = new JsonLinesSink(new PrintWriter(text));
        RecordLayout layout = RecordLayout.of(type);
        for (byte[] record : records) {
            sink.onRecord("events", layout, RecordLayout.view(record));
        }
        sink.onClose();
        return text.toString();
    }

    @Test
    void jsonLinesHaveTheFieldsEachRecordHolds() {
        byte[] ls = exec(42, "ls", "/bin/ls -l");
        byte[] longer = Arrays.copyOf(exec(44, "cat", "x"), 64); // past the type's 56 bytes

        assertEquals("""
                {"pid":42,"args_size":11,"comm":"ls","args":"/bin/ls -l"}
                {"pid":42,"args_size":11,"comm":"ls","args":"/bin/"}
                {"pid":42,"args_size":11,"comm":"ls"}
                {"pid":42}
                {"pid":44,"args_size":2,"comm":"cat","args":"x"}
                """, json(EXEC, ls, Arrays.copyOf(ls, 24 + 5), Arrays.copyOf(ls, 24), Arrays.copyOf(ls, 6), longer));
    }

    @Test
    void anIntegerArrayHasTheWholeElementsARecordHolds() {
        ByteBuffer values = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7).putInt(4, 3)
                .putInt(8, 1).putInt(12, -2).putInt(16, 3);
        byte[] record = values.array();

        assertEquals("""
                {"pid":7,"count":3,"values":[1,-2,3]}
                {"pid":7,"count":3,"values":[1,-2,3]}
                {"pid":7,"count":3,"values":[]}
                """, json(SAMPLES, Arrays.copyOf(record, 8 + 12), Arrays.copyOf(record, 8 + 14), Arrays.copyOf(record, 8 + 2)));
    }

    @Test
    void aRecordShorterThanItsFirstFieldIsRefusedAndNothingIsWritten() {
        StringWriter text = new StringWriter();
        JsonLinesSink sink = new JsonLinesSink(new PrintWriter(text));
        RecordLayout layout = RecordLayout.of(EXEC);
        assertThrows(CodecException.class, () -> sink.onRecord("events", layout, RecordLayout.view(new byte[3])));
        sink.onClose();
        assertEquals("", text.toString());
    }

    /** Cut anywhere, a record's line from its bytes is the line of its decoded map, with the string cache between. */
    @Test
    void linesFromBytesAreTheLinesOfTheDecodedMapsAtEveryLength() {
        RecordLayout layout = RecordLayout.of(EXEC);
        StringWriter fromBytes = new StringWriter();
        StringWriter fromMaps = new StringWriter();
        JsonLinesSink direct = new JsonLinesSink(new PrintWriter(fromBytes));
        JsonLinesSink decoded = new JsonLinesSink(new PrintWriter(fromMaps));
        Random random = new Random(5);
        List<String> args = List.of("", "/usr/bin/true", "/usr/bin/true --version", "a b c d e f g h i j k l m n o");
        int lines = 0;
        for (int i = 0; i < 300; i++) {
            byte[] whole = Arrays.copyOf(exec(random.nextInt(1000), "sh", args.get(random.nextInt(args.size()))), 56);
            int length = 4 + random.nextInt(60 - 4);
            ByteBuffer record = RecordLayout.view(Arrays.copyOf(whole, length));
            direct.onRecord("events", layout, record);
            decoded.onEvent("events", layout.decode(record), record);
            lines++;
        }
        direct.onClose();
        decoded.onClose();
        assertEquals(fromMaps.toString(), fromBytes.toString());
        assertEquals(lines, fromBytes.toString().lines().count());
    }

    @Test
    void aTableShowsAFieldTheRecordDoesNotHoldAsADash() {
        StringWriter text = new StringWriter();
        TableSink sink = new TableSink(new PrintWriter(text), Map.of("events", EXEC));
        RecordLayout layout = RecordLayout.of(EXEC);
        byte[] ls = exec(42, "ls", "/bin/ls -l");
        sink.onRecord("events", layout, RecordLayout.view(ls));
        sink.onRecord("events", layout, RecordLayout.view(Arrays.copyOf(ls, 24 + 5)));
        sink.onRecord("events", layout, RecordLayout.view(Arrays.copyOf(ls, 24)));
        sink.onClose();

        List<List<String>> rows = text.toString().lines().map(l -> List.of(l.split(" +"))).toList();
        assertEquals(List.of("TIME", "PID", "ARGS_SIZE", "COMM", "ARGS"), rows.get(0));
        assertEquals(List.of("42", "11", "ls", "/bin/ls", "-l"), rows.get(1).subList(1, 6));
        assertEquals(List.of("42", "11", "ls", "/bin/"), rows.get(2).subList(1, 5));
        assertEquals(List.of("42", "11", "ls", "-"), rows.get(3).subList(1, 5));
        assertEquals(4, rows.size());
    }
}
