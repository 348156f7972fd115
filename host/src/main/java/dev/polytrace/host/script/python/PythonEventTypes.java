package dev.polytrace.host.script.python;

import dev.polytrace.host.script.EventShape;
import dev.polytrace.host.script.StringNumbering;
import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Value;

/**
 * Python events as plain Python objects: for each record layout a Python class whose constructor
 * sets one attribute per field, and a dispatch loop that unpacks each event from a run of packed
 * records ({@link PythonColumns}) with {@code _struct} and calls {@code on_event}. Reading
 * {@code event.pid} is then an ordinary attribute read the compiler sees through, where the host
 * view costs a call out to the host per field read (bench/README.md has what that was worth). The classes
 * share a base that makes an event also read as a dict ({@code ev['comm']}, {@code keys()},
 * {@code len(ev)}) over the same attributes.
 *
 * <p>The loop keeps the index of the event it is at in a list of its own ({@code at}), which the
 * host reads after a failure to resume after that event. The watchdog follows a one-element host
 * array instead, and the loop writes it only once {@code quantum} nanoseconds passed since it last
 * did: each write from GraalPy gives up and takes back its global lock, too dear to pay per
 * event. The watchdog looks at most every 2 ms, so it still sees
 * every event that takes longer than a millisecond start, and restarts the budget for it.
 */
final class PythonEventTypes {
    /**
     * The module records are unpacked with: GraalPy's built-in {@code _struct}, which the
     * standard library's {@code struct} only re-exports. Importing {@code struct} is a context's
     * first import of a file of the standard library, which starts the file-based import machinery
     * in the interpreter: about half a second more before a Python handler's first event
     * (bench/README.md, "Start-up and memory").
     */
    static final String STRUCT = "_struct";
    /** Python keywords, which cannot follow {@code self.}: such a field is set with setattr. */
    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Value define;
    private final int capacity;
    private final Map<RecordLayout, LayoutDispatch> byLayout = new IdentityHashMap<>();
    // By source: a layout read again (the warm-up's, then the stream's) reuses the loop and the
    // code compiled for it.
    private final Map<String, CompiledLoop> loops = new HashMap<>();

    /** A layout source compiled in the guest: [dispatch, strings.extend, strings.clear] and the string numbers. */
    private record CompiledLoop(Value handlers, StringNumbering strings) {
    }

    /**
     * One layout's columns, the loop that reads them, the methods extending and clearing its
     * strings, and the one-element list holding the index of the event the loop is at.
     */
    record LayoutDispatch(PythonColumns columns, Value loop, Value extendStrings, Value clearStrings, Value at) {
    }

    /**
     * @param define the guest function that compiles a layout's source (see
     *               {@link PythonLanguage}) into its dispatch loop
     */
    PythonEventTypes(Value define, int capacity) {
        this.define = define;
        this.capacity = capacity;
    }

    /** The dispatch for {@code layout}, compiled in the guest on first use. Handler thread only. */
    LayoutDispatch forLayout(RecordLayout layout) {
        LayoutDispatch known = byLayout.get(layout);
        if (known == null) {
            CompiledLoop loop = loops.computeIfAbsent(source(layout), code -> new CompiledLoop(define.execute(code),
                    new StringNumbering()));
            known = new LayoutDispatch(new PythonColumns(layout, capacity, loop.strings()),
                    loop.handlers().getArrayElement(0), loop.handlers().getArrayElement(1),
                    loop.handlers().getArrayElement(2), loop.handlers().getArrayElement(3));
            byLayout.put(layout, known);
        }
        return known;
    }

    /**
     * The class, the loop and the string list for {@code layout}, as Python source. A record in
     * the packed bytes is its string ids (see {@link PythonColumns}), then its bytes. Integers and
     * arrays of them are unpacked with {@code struct}: all that do not overlap an earlier field
     * (union members do) in one call, with the ids, the others one call each.
     */
    static String source(RecordLayout layout) {
        List<String> names = EventShape.names(layout);
        int fields = layout.names().size();
        String[] values = new String[names.size()];
        int strings = 0;
        for (int f = 0; f < fields; f++) {
            if (PythonColumns.isString(layout, f)) {
                values[f] = "strings[t[" + strings++ + "]]";
            }
        }
        int idBytes = 4 * strings;
        StringBuilder format = new StringBuilder("<").append(strings > 0 ? strings + "I" : "");
        StringBuilder unpackers = new StringBuilder();
        StringBuilder perEvent = new StringBuilder();
        int position = idBytes;
        int mainValues = strings;
        int extra = 0;
        for (int f : numbersByOffset(layout)) {
            RecordLayout.Placement p = layout.placement(f);
            int at = idBytes + p.offset();
            if (at >= position) {
                format.append(at > position ? (at - position) + "x" : "").append(code(p));
                position = at + p.length();
                values[f] = value(p, "t", mainValues);
                mainValues += p.count();
            } else {
                unpackers.append("u").append(extra).append(" = Struct('<").append(at).append('x').append(code(p))
                        .append("').unpack_from\n");
                perEvent.append("        e").append(extra).append(" = u").append(extra).append("(data, o)\n");
                values[f] = value(p, "e" + extra, 0);
                extra++;
            }
        }
        int hostColumns = 0;
        for (int f = 0; f < fields; f++) {
            if (values[f] == null) {
                values[f] = "h" + hostColumns++ + "[i]";
            }
        }
        boolean container = EventShape.hasContainer(layout);
        if (names.size() - (container ? 1 : 0) > fields) {
            values[fields] = "data[o + " + idBytes + ":o + slot]";
        }
        if (container) {
            values[names.size() - 1] = "h" + hostColumns++ + "[i]";
        }
        StringBuilder py = new StringBuilder("from " + STRUCT + " import Struct\nfrom time import monotonic_ns\n");
        py.append("unpack = Struct('").append(format).append("').unpack_from\n").append(unpackers);
        py.append("\nstrings = []\nat = [0]\n\n");
        py.append("class LayoutEvent(Event):\n    def __init__(self");
        for (int f = 0; f < names.size(); f++) {
            py.append(", v").append(f);
        }
        py.append("):\n");
        for (int f = 0; f < names.size(); f++) {
            String name = names.get(f);
            if (container && f == names.size() - 1) {
                // known for every record the session read; a record fed without one has no such key
                py.append("        if v").append(f).append(" is not None:\n            self.container = v").append(f).append('\n');
            } else if (isPlainAttribute(name)) {
                py.append("        self.").append(name).append(" = v").append(f).append('\n');
            } else {
                py.append("        setattr(self, ").append(pythonString(name)).append(", v").append(f).append(")\n");
            }
        }
        // The module's names are bound as defaults, i.e. locals: a global is a dict lookup per read.
        StringBuilder locals = new StringBuilder("unpack=unpack, LayoutEvent=LayoutEvent, strings=strings, at=at, "
                + "monotonic_ns=monotonic_ns");
        for (int u = 0; u < extra; u++) {
            locals.append(", u").append(u).append("=u").append(u);
        }
        py.append("\ndef dispatch(packed, length, columns, progress, quantum, start, count, on_event, ctx, ")
                .append(locals).append("):\n");
        py.append("    slot = length + ").append(idBytes).append('\n');
        py.append("    data = packed.to_bytes(count * slot, 'big')\n");
        for (int c = 0; c < hostColumns; c++) {
            py.append("    h").append(c).append(" = columns[").append(c).append("]\n");
        }
        py.append("    progress[0] = start\n    reported = monotonic_ns()\n");
        py.append("    for i in range(start, count):\n        at[0] = i\n");
        py.append("        now = monotonic_ns()\n        if now - reported >= quantum:\n");
        py.append("            progress[0] = i\n            reported = now\n");
        py.append("        o = i * slot\n");
        if (mainValues > 0) {
            py.append("        t = unpack(data, o)\n");
        }
        py.append(perEvent);
        py.append("        on_event(LayoutEvent(").append(String.join(", ", values)).append("), ctx)\n");
        py.append("    return count\n\n");
        // The host extends the strings through the list's own methods: calling a Python function
        // of ours would share the call path the host takes into dispatch, which compiles with
        // the loop inlined, and a second function there would throw that code away.
        py.append("handlers = [dispatch, strings.extend, strings.clear, at]\n");
        return py.toString();
    }

    /** Integer and integer-array fields, by offset (a stable sort: fields at one offset keep their order). */
    private static List<Integer> numbersByOffset(RecordLayout layout) {
        List<Integer> placed = new ArrayList<>();
        for (int f = 0; f < layout.names().size(); f++) {
            if (layout.placement(f) != null && !PythonColumns.isString(layout, f)) {
                placed.add(f);
            }
        }
        placed.sort(Comparator.comparingInt(f -> layout.placement(f).offset()));
        return placed;
    }

    /** The struct code of a placed field. */
    private static String code(RecordLayout.Placement p) {
        return switch (p.kind()) {
            case STRING -> throw new IllegalArgumentException("strings come from the host");
            case INTEGER -> integerCode(p);
            case INTEGER_ARRAY -> p.count() + integerCode(p);
        };
    }

    private static String integerCode(RecordLayout.Placement p) {
        String code = switch (p.size()) {
            case 1 -> "b";
            case 2 -> "h";
            case 4 -> "i";
            default -> "q";
        };
        return p.signed() ? code : code.toUpperCase(Locale.ROOT);
    }

    /** The Python expression of a placed field read from tuple {@code tuple} at {@code index}. */
    private static String value(RecordLayout.Placement p, String tuple, int index) {
        return switch (p.kind()) {
            case INTEGER -> tuple + "[" + index + "]";
            case STRING -> throw new IllegalArgumentException("strings come from the host");
            case INTEGER_ARRAY -> p.count() <= EventFields.MAX_INLINE_ARRAY ? elements(tuple, index, p.count())
                    : "list(" + tuple + "[" + index + ":" + (index + p.count()) + "])";
        };
    }

    /** A list display of {@code count} elements of {@code tuple} from {@code index}: no slice to copy first. */
    private static String elements(String tuple, int index, int count) {
        StringBuilder list = new StringBuilder("[");
        for (int k = 0; k < count; k++) {
            list.append(k == 0 ? "" : ", ").append(tuple).append('[').append(index + k).append(']');
        }
        return list.append(']').toString();
    }

    /** A name that can be written {@code self.NAME} inside a class body. */
    private static boolean isPlainAttribute(String name) {
        // a leading double underscore would be mangled to _LayoutEvent__name
        return IDENTIFIER.matcher(name).matches() && !KEYWORDS.contains(name) && !name.startsWith("__");
    }

    private static String pythonString(String text) {
        StringBuilder out = new StringBuilder("'");
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '\'') {
                out.append('\\');
            }
            out.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.append('\'').toString();
    }
}
