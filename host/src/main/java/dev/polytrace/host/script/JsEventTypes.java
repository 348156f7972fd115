package dev.polytrace.host.script;

import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.codec.CodecException;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * JavaScript events as plain JS objects: for each record layout a loop that builds each event
 * as an object literal from columns of decoded fields (one host array per field, read by the
 * compiled loop without a call out of the guest) and calls {@code onEvent}. The fields are what
 * the lazy host view gives, decoded by the host for the whole run, and the object is the
 * handler's own to change. A record that does not decode is left to the host view, which
 * reports it when the handler reads the field.
 *
 * <p>As in Python, the loop writes the index of the event it is at into a one-element host
 * array the watchdog follows.
 */
final class JsEventTypes {
    private final Function<String, Value> compile;
    private final int capacity;
    private final Map<RecordLayout, LayoutDispatch> byLayout = new IdentityHashMap<>();
    private final Map<String, Value> loops = new HashMap<>();

    /** One layout's columns and the loop that reads them; null loop for a layout JS objects cannot hold. */
    record LayoutDispatch(Columns columns, Value loop) {
    }

    /** @param compile evaluates host JavaScript (an internal source) in the handler's context */
    JsEventTypes(Function<String, Value> compile, int capacity) {
        this.compile = compile;
        this.capacity = capacity;
    }

    /** The dispatch for {@code layout}, compiled on first use. Handler thread only. */
    LayoutDispatch forLayout(RecordLayout layout) {
        return byLayout.computeIfAbsent(layout, l -> {
            List<String> names = EventColumns.names(l);
            if (names.contains("__proto__")) {
                return new LayoutDispatch(null, null); // an object literal would set the prototype
            }
            return new LayoutDispatch(new Columns(l, capacity), loops.computeIfAbsent(source(names), compile));
        });
    }

    /** The loop for events with fields {@code names} ({@code raw} last), as JavaScript. */
    static String source(List<String> names) {
        StringBuilder js = new StringBuilder("(function dispatch(columns, progress, start, count, onEvent, ctx) {\n");
        for (int f = 0; f < names.size(); f++) {
            js.append("  const c").append(f).append(" = columns[").append(f).append("];\n");
        }
        js.append("  for (let i = start; i < count; i++) {\n    progress[0] = i;\n    onEvent({");
        for (int f = 0; f < names.size(); f++) {
            js.append(f == 0 ? "" : ", ").append(jsString(names.get(f))).append(": c").append(f).append("[i]");
        }
        js.append("}, ctx);\n  }\n  return count;\n})\n");
        return js.toString();
    }

    private static String jsString(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A run of same-layout events, field by field, as the guest values the host view would give. */
    static final class Columns {
        private final RecordLayout layout;
        private final Object[][] columns;
        private final boolean withRaw;
        private final RecordLayout.Placement[] strings; // C string fields, decoded through the cache
        private final TextCache texts = new TextCache();

        Columns(RecordLayout layout, int capacity) {
            this.layout = layout;
            int fields = layout.names().size();
            this.strings = new RecordLayout.Placement[fields];
            for (int f = 0; f < fields; f++) {
                strings[f] = EventColumns.isString(layout, f) ? layout.placement(f) : null;
            }
            this.withRaw = EventColumns.names(layout).size() > fields;
            this.columns = new Object[fields + (withRaw ? 1 : 0)][capacity];
        }

        Object[] columns() {
            return columns;
        }

        /** Decodes events {@code from..} into rows {@code 0..}, stopping as {@link EventColumns#fill} does. */
        int fill(List<QueuedEvent> events, int from, int to) {
            int fields = layout.names().size();
            int row = 0;
            for (int e = from; e < to && row < columns[0].length; e++, row++) {
                QueuedEvent event = events.get(e);
                if (event.layout() != layout || !decode(event.raw(), row, fields)) {
                    break;
                }
            }
            return row;
        }

        private boolean decode(byte[] raw, int row, int fields) {
            ByteBuffer record = RecordLayout.view(raw);
            if (record.remaining() < layout.type().size()) {
                return false;
            }
            try {
                for (int f = 0; f < fields; f++) {
                    RecordLayout.Placement text = strings[f];
                    columns[f][row] = text != null ? texts.text(raw, text.offset(), text.count())
                            : GuestValues.toGuest(layout.read(f, record));
                }
            } catch (CodecException e) {
                return false;
            }
            if (withRaw) {
                columns[fields][row] = GuestValues.toGuest(raw);
            }
            return true;
        }

        /** Drops the references the columns hold. */
        void clear(int rows) {
            for (Object[] column : columns) {
                Arrays.fill(column, 0, rows, null);
            }
        }
    }
}
