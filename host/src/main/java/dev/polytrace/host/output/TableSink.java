package dev.polytrace.host.output;

import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.EventTable;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/** Events as an aligned table (TIME plus one column per field), histograms as BCC prints them. */
public final class TableSink implements EventSink {
    private final PrintWriter out;
    private final Map<String, BtfType> streamTypes;
    private final Map<String, EventTable> tables = new HashMap<>();

    public TableSink(PrintWriter out, Map<String, BtfType> streamTypes) {
        this.out = out;
        this.streamTypes = streamTypes;
    }

    @Override
    public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        EventTable table = tables.computeIfAbsent(stream, s -> {
            EventTable t = streamTypes.get(s) != null && streamTypes.get(s).resolve() instanceof BtfStruct struct
                    ? new EventTable(struct) : new EventTable(new ArrayList<>(event.keySet()));
            out.println(t.header());
            return t;
        });
        out.println(table.row(LocalTime.now(), event));
    }

    /** Rows are flushed when the reader has handed over what it had, not one by one. */
    @Override
    public synchronized void flush() {
        out.flush();
    }

    @Override
    public synchronized void onSample(String map, String rendered) {
        out.println();
        out.println(LocalTime.now().withNano(0) + " " + map);
        out.print(rendered);
        out.flush();
    }

    @Override
    public synchronized void onLost(String stream, long count) {
        out.println("-- lost " + count + " events from " + stream + " (consumer too slow) --");
        out.flush();
    }

    @Override
    public synchronized void onClose() {
        out.flush();
    }
}
