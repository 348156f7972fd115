package dev.polytrace.host.script;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Record layouts of the test objects' {@code struct event}, and what a handler's event emits. */
final class TestLayouts {
    /** btf_kinds: every BTF kind, unions and nested structs among them. */
    static final RecordLayout KINDS = of("btf_kinds");
    /** kernel_basics: {@code seq} is a __u64, {@code pid} at 8, {@code comm} at 16. */
    static final RecordLayout BASICS = of("kernel_basics");
    /** short_records: {@code pid}, {@code args_size}, {@code comm[16]} at 8, {@code args[32]} at 24. */
    static final RecordLayout SHORT_EXEC = of("short_records", "exec_event");
    /** short_records: {@code pid}, {@code count}, {@code values[8]} (int) at 8. */
    static final RecordLayout SHORT_SAMPLES = of("short_records", "sample_event");

    private TestLayouts() {
    }

    /** The layout of {@code struct event} in a test object, read afresh (a new layout object each time). */
    static RecordLayout of(String object) {
        return of(object, "event");
    }

    /** The layout of {@code struct NAME} in a test object (host's or libbpf-binding's), read afresh. */
    static RecordLayout of(String object, String struct) {
        return RecordLayout.of(Btf.fromElf(ElfFile.parse(TestObjects.bytes(object), object + ".bpf.o"))
                .byName(struct, BtfStruct.class).orElseThrow());
    }

    /**
     * A {@link #SHORT_EXEC} record as execsnoop submits it: the fixed part and the used bytes of
     * {@code args}, its NUL included.
     */
    static byte[] shortExec(int pid, String comm, String args) {
        byte[] argBytes = args.getBytes(StandardCharsets.UTF_8);
        ByteBuffer record = ByteBuffer.allocate(24 + argBytes.length + 1).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt(0, pid).putInt(4, argBytes.length + 1).put(8, comm.getBytes(StandardCharsets.UTF_8))
                .put(24, argBytes);
        return record.array();
    }

    /**
     * Sends {@code count} random records to {@code sink}: two of {@link #KINDS}, one of {@link
     * #BASICS} (its seq past 2^63 every other time), and so on, so a handler sees runs of one
     * layout, then another. Every other record has its integers over their whole range (a
     * sample record's are smaller, as real ones mostly are).
     *
     * @return each record decoded, as the handler's event should emit it
     */
    static List<Map<String, Object>> sendMixed(EventSink sink, int count) {
        List<Map<String, Object>> expected = new ArrayList<>();
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            RecordLayout layout = i % 3 == 2 ? BASICS : KINDS;
            byte[] raw = new byte[(int) layout.type().size()];
            SyntheticRecords.fill(layout, raw, random);
            if (i % 2 == 1) {
                wholeRangeIntegers(layout, raw, random);
            }
            if (layout == BASICS) {
                raw[7] = (byte) (i % 2 == 0 ? 0xff : 0x01);
            }
            sink.onRecord("events", layout, RecordLayout.view(raw));
            expected.add(decodedWithRaw(layout, raw));
        }
        return expected;
    }

    /** Random bytes in every plain integer and integer array field of {@code raw}. */
    static void wholeRangeIntegers(RecordLayout layout, byte[] raw, Random random) {
        for (int f = 0; f < layout.names().size(); f++) {
            RecordLayout.Placement p = layout.placement(f);
            if (p != null && p.kind() != RecordLayout.Placement.Kind.STRING) {
                byte[] bytes = new byte[p.length()];
                random.nextBytes(bytes);
                System.arraycopy(bytes, 0, raw, p.offset(), bytes.length);
            }
        }
    }

    /** The decoded record plus raw as unsigned bytes, as a handler's event goes back to Java. */
    static Map<String, Object> decodedWithRaw(RecordLayout layout, byte[] raw) {
        Map<String, Object> out = new LinkedHashMap<>(layout.decode(RecordLayout.view(raw)));
        List<Long> bytes = new ArrayList<>();
        for (byte b : raw) {
            bytes.add((long) (b & 0xff));
        }
        out.put("raw", bytes);
        return out;
    }
}
