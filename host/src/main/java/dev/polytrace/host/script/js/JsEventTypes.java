package dev.polytrace.host.script.js;

import dev.polytrace.host.script.EventShape;
import dev.polytrace.host.script.StringNumbering;
import dev.polytrace.script.codec.RecordLayout;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.graalvm.polyglot.Value;

/**
 * JavaScript events as plain JS objects: for each record layout a loop that builds each event
 * as an object literal from the columns of a run ({@link JsColumns}) and calls {@code onEvent}.
 * The fields are what the lazy host view gives (integer arrays as JS arrays), and the object is
 * the handler's own to change. A record that does not decode is left to the host view, which
 * reports it when the handler reads the field.
 *
 * <p>The loop keeps the JS strings of the run's C strings in a list, by their numbers; each run
 * first adds the strings numbered since the last one, those it does not have yet (a run resumed
 * after a failing event has them). Code the warm-up did not run costs a recompilation when real
 * events first run it, so this is one loop that usually runs no round, not a branch of its own
 * (setting the list's length back to what it was did cost one). As in Python, the loop writes the index of
 * the event it is at into a one-element host array the watchdog follows.
 */
final class JsEventTypes {
    private final Function<String, Value> compile;
    private final int capacity;
    private final Map<RecordLayout, LayoutDispatch> byLayout = new IdentityHashMap<>();
    // By source: a layout read again (the warm-up's, then the stream's) reuses the loop, the code
    // compiled for it and its strings.
    private final Map<String, JsLoop> loops = new HashMap<>();

    /** A layout source compiled in the guest, and how its strings are numbered. */
    private record JsLoop(Value loop, StringNumbering strings) {
    }

    /** One layout's columns, the loop that reads them and its string numbers; nulls for a layout JS objects cannot hold. */
    record LayoutDispatch(JsColumns columns, Value loop, StringNumbering strings) {
    }

    /** @param compile evaluates host JavaScript (an internal source) in the handler's context */
    JsEventTypes(Function<String, Value> compile, int capacity) {
        this.compile = compile;
        this.capacity = capacity;
    }

    /** The dispatch for {@code layout}, compiled on first use. Handler thread only. */
    LayoutDispatch forLayout(RecordLayout layout) {
        return byLayout.computeIfAbsent(layout, l -> {
            if (EventShape.names(l).contains("__proto__")) {
                return new LayoutDispatch(null, null, null); // an object literal would set the prototype
            }
            JsColumns columns = new JsColumns(l, capacity);
            JsLoop loop = loops.computeIfAbsent(source(columns), code -> new JsLoop(compile.apply(code),
                    new StringNumbering()));
            return new LayoutDispatch(columns, loop.loop(), loop.strings());
        });
    }

    /** The loop reading {@code columns}' columns, as JavaScript. */
    static String source(JsColumns columns) {
        StringBuilder js = new StringBuilder("""
                (function () {
                  const strings = [];
                  return function dispatch(columns, bigs, fresh, base, restart, progress, start, count, onEvent, ctx) {
                    if (restart) {
                      strings.length = 0;
                    }
                    for (let k = strings.length - base; k < fresh.length; k++) {
                      strings.push(fresh[k]);
                    }
                """);
        List<JsColumns.Column> all = columns.columns();
        for (int c = 0; c < all.size(); c++) {
            js.append("    const c").append(c).append(" = columns[").append(c).append("];\n");
            if (all.get(c).kind() == JsColumns.Kind.U64) {
                js.append("    const b").append(c).append(" = bigs[").append(c).append("];\n");
            }
        }
        js.append("    for (let i = start; i < count; i++) {\n      progress[0] = i;\n      const e = {");
        List<JsColumns.Field> fields = columns.fields();
        int container = -1;
        for (int f = 0; f < fields.size(); f++) {
            JsColumns.Field field = fields.get(f);
            if (field.name().equals(EventShape.CONTAINER) && f == fields.size() - 1 && columns.hasContainer()) {
                container = field.columns().getFirst(); // set below, only when known
                continue;
            }
            js.append(f == 0 ? "" : ", ").append(jsString(field.name())).append(": ");
            if (field.array()) {
                js.append('[');
                for (int k = 0; k < field.columns().size(); k++) {
                    js.append(k == 0 ? "" : ", ");
                    value(js, all.get(field.columns().get(k)), field.columns().get(k));
                }
                js.append(']');
            } else {
                value(js, all.get(field.columns().getFirst()), field.columns().getFirst());
            }
        }
        js.append("};\n");
        if (container >= 0) {
            js.append("      const k = c").append(container).append("[i];\n      if (k !== null) {\n        e.container = k;\n      }\n");
        }
        js.append("      onEvent(e, ctx);\n    }\n    return count;\n  };\n})()\n");
        return js.toString();
    }

    private static void value(StringBuilder js, JsColumns.Column column, int c) {
        switch (column.kind()) {
            case STRING -> js.append("strings[c").append(c).append("[i]]");
            // null but for values past 2^63; comparing the long instead made JS convert it to a BigInt
            case U64 -> js.append("(b").append(c).append("[i] ?? c").append(c).append("[i])");
            default -> js.append('c').append(c).append("[i]");
        }
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
}
