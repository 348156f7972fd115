package dev.polytrace.host.output;

import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.rules.Alert;
import dev.polytrace.host.rules.AlertSink;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.script.codec.EventTable;
import dev.polytrace.script.codec.RecordLayout;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Events as an aligned table (TIME plus one column per field), histograms as BCC prints them,
 * alerts as lines of their own that start with {@code !!}. A CONTAINER column (after TIME) appears
 * from the first event of a stream whose process is in a container, with a new header line then;
 * host processes show {@code -} in it.
 */
public final class TableSink implements EventSink, AlertSink {
    private static final String CONTAINER = "container";

    private final PrintWriter out;
    private final Map<String, BtfType> streamTypes;
    private final Map<String, EventTable> tables = new HashMap<>();

    public TableSink(PrintWriter out, Map<String, BtfType> streamTypes) {
        this.out = out;
        this.streamTypes = streamTypes;
    }

    @Override
    public synchronized void onRecord(String stream, RecordLayout layout, ByteBuffer raw, ContainerInfo container) {
        Map<String, Object> event = layout.decode(raw);
        if (container != null) {
            event.put(CONTAINER, container);
        }
        onEvent(stream, event, raw);
    }

    /** An event; its {@code container} entry (a {@link ContainerInfo}, or its fields) goes to the CONTAINER column. */
    @Override
    public synchronized void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
        String container = label(event.get(CONTAINER));
        EventTable table = tables.get(stream);
        if (table == null || (container != null && !"-".equals(container)
                && !table.columns().contains(CONTAINER))) {
            table = newTable(stream, event, table == null ? null : table.columns(), container != null
                    && !"-".equals(container));
            tables.put(stream, table);
            out.println(table.header());
        }
        if (container != null) {
            Map<String, Object> row = new HashMap<>(event);
            row.put(CONTAINER, container);
            out.println(table.row(LocalTime.now(), row));
        } else {
            out.println(table.row(LocalTime.now(), event));
        }
    }

    private EventTable newTable(String stream, Map<String, Object> event, List<String> previous, boolean containers) {
        BtfType type = streamTypes.get(stream);
        List<String> fields = new ArrayList<>();
        if (type != null && type.resolve() instanceof BtfStruct struct) {
            fields.addAll(new EventTable(struct).columns());
        } else {
            fields.addAll(previous != null ? previous : event.keySet());
        }
        fields.remove(CONTAINER);
        if (containers) {
            fields.addFirst(CONTAINER);
        }
        if (type != null && type.resolve() instanceof BtfStruct struct) {
            return containers ? new EventTable(struct).withColumnFirst(CONTAINER, 12) : new EventTable(struct);
        }
        return new EventTable(fields);
    }

    private static String label(Object container) {
        return switch (container) {
            case null -> null;
            case ContainerInfo info -> info.label();
            case Map<?, ?> fields -> new ContainerInfo(text(fields, "id"), text(fields, "name"), "", "", "", "").label();
            default -> String.valueOf(container);
        };
    }

    private static String text(Map<?, ?> fields, String key) {
        Object value = fields.get(key);
        return value == null ? "" : String.valueOf(value);
    }

    /** {@code !! 10:42:07 ALERT warning Rule name: output}, printed at once. */
    @Override
    public synchronized void onAlert(Alert alert) {
        out.println("!! " + EventTable.clock(LocalTime.now()) + " ALERT " + alert.priority().label() + " " + alert.rule()
                + ": " + TerminalText.line(alert.output())); // the output holds event strings: not trusted
        out.flush();
    }

    /** Rows are flushed when the reader has handed over what it had, not one by one. */
    @Override
    public synchronized void flush() {
        out.flush();
    }

    @Override
    public synchronized void onSample(String map, String rendered) {
        out.println();
        out.println(EventTable.clock(LocalTime.now()) + " " + map);
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
