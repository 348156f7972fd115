package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a daemon tracer's streams put in its buffer, which the SSE stream and the events endpoint serve. */
class BufferingSinkTest {
    /** pid, count, {@code int values[8]} at 8: records end after count of them. */
    private static final RecordLayout SAMPLES = RecordLayout.of(Btf.fromElf(ElfFile.parse(
            TestObjects.bytes("short_records"), "short_records.bpf.o")).byName("sample_event", BtfStruct.class)
            .orElseThrow());

    @Test
    void aShortRecordIsBufferedWithTheFieldsItHolds() {
        EventBuffer buffer = new EventBuffer(4);
        BufferingSink sink = new BufferingSink("t1", buffer);
        ByteBuffer record = ByteBuffer.allocate(8 + 3 * 4 + 2).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 7).putInt(4, 3)
                .putInt(8, 1).putInt(12, -2).putInt(16, 3);

        sink.onRecord("events", SAMPLES, record);
        assertThrows(CodecException.class, () -> sink.onRecord("events", SAMPLES, record.duplicate()
                .order(ByteOrder.LITTLE_ENDIAN).limit(3)));

        List<BufferedEvent> buffered = buffer.after(0, 10);
        assertEquals(1, buffered.size());
        assertEquals(Map.of("pid", 7L, "count", 3L, "values", List.of(1L, -2L, 3L)), buffered.get(0).data());
        assertEquals(1, sink.records());
    }
}
