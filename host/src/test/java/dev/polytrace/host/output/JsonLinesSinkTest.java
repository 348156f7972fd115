package dev.polytrace.host.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.RecordLayout;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * JSON Lines written straight from a record's bytes are the lines written from its decoded map
 * (every kind of field: nested structs, unions, arrays, enums, bitfields, pointers, floats), and
 * nothing reaches the output before a flush. Records are read from their position, as the ring
 * reader hands them.
 */
class JsonLinesSinkTest {
    private static final BtfStruct EVENT = Btf.fromElf(ElfFile.parse(TestObjects.bytes("btf_kinds"), "btf_kinds.bpf.o"))
            .byName("event", BtfStruct.class).orElseThrow();
    private static final String[] NAMES = {"", "a", "bash", "sshd:xy", "ptbench_", "ptbench_work", "kworker/0:1-eve",
        "kworker/0:1-evf", "\"quoted\"\\"};

    @Test
    void recordsFromBytesAreTheLinesOfTheirDecodedMaps() {
        RecordLayout layout = RecordLayout.of(EVENT);
        StringWriter fromBytes = new StringWriter();
        StringWriter fromMaps = new StringWriter();
        JsonLinesSink direct = new JsonLinesSink(new PrintWriter(fromBytes));
        JsonLinesSink decoded = new JsonLinesSink(new PrintWriter(fromMaps));
        Random random = new Random(3);
        byte[] previous = new byte[(int) EVENT.size()];
        for (int i = 0; i < 400; i++) {
            byte[] bytes = new byte[(int) EVENT.size()];
            random.nextBytes(bytes);
            switch (i % 3) {
                case 1 -> System.arraycopy(previous, 8, bytes, 8, 16); // the same comm again: from the string cache
                case 2 -> { // a NUL-terminated name of 0 to 15 bytes with garbage after it, as the kernel may leave
                    byte[] name = NAMES[random.nextInt(NAMES.length)].getBytes(StandardCharsets.UTF_8);
                    System.arraycopy(name, 0, bytes, 8, name.length);
                    bytes[8 + name.length] = 0;
                }
                default -> { }
            }
            previous = bytes;
            ByteBuffer record = placed(bytes, i % 11);
            direct.onRecord("events", layout, record);
            decoded.onEvent("events", layout.decode(record), record);
        }
        direct.onLost("events", 3);
        decoded.onLost("events", 3);
        direct.onClose();
        decoded.onClose();
        assertEquals(fromMaps.toString(), fromBytes.toString());
        assertEquals(401, fromBytes.toString().lines().count());
    }

    /** The record at {@code offset} in a larger buffer, as a ring reader hands it: from position to limit. */
    private static ByteBuffer placed(byte[] bytes, int offset) {
        byte[] larger = new byte[offset + bytes.length + 8];
        Arrays.fill(larger, (byte) 0x7f);
        System.arraycopy(bytes, 0, larger, offset, bytes.length);
        return RecordLayout.view(larger).position(offset).limit(offset + bytes.length);
    }

    @Test
    void linesWaitForAFlush() {
        StringWriter text = new StringWriter();
        JsonLinesSink sink = new JsonLinesSink(new PrintWriter(text));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("pid", 7L);
        event.put("args", List.of(1L, 2L));
        sink.onEvent("events", event, ByteBuffer.allocate(0));
        assertEquals("", text.toString(), "buffered until the reader has handed over its batch");
        sink.flush();
        assertEquals("{\"pid\":7,\"args\":[1,2]}\n", text.toString());
    }
}
