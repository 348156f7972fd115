package dev.polytrace.script.api;

import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.Proxy;

/**
 * The only bridge between guest values and Java. Java values go to the guest as proxies that
 * read alike in JS and Python; guest values come back as plain, JSON-like Java values (copied,
 * so nothing the guest holds is shared with the host). No {@link Value} leaves this package.
 *
 * <p>Java to guest ({@link #toGuest}): {@code Map} becomes an object usable as {@code ev.pid} and
 * {@code ev['pid']} in both languages; {@code List} and Java arrays an array; {@code byte[]} an
 * array of unsigned bytes; numbers, strings, booleans and null stay as they are ({@link
 * BigInteger} reads as a number: in JS {@code BigInt(x)} or {@code String(x)} keeps it exact).
 *
 * <p>Guest to Java ({@link #toJava}): objects and dicts become {@code LinkedHashMap<String,
 * Object>} (dict keys that are numbers become their decimal text), arrays, lists and tuples
 * {@code List}, whole numbers {@code Long} or {@code BigInteger}, other numbers {@code Double},
 * then strings, booleans and null (JS {@code undefined} and Python {@code None}). Functions,
 * host objects, cycles, NaN, infinities and nesting deeper than {@value #MAX_DEPTH} levels are
 * refused with a {@link HandlerValueException} naming the field.
 */
public final class GuestValues {
    /** Deepest nesting accepted from a guest: far beyond any record, well before a stack overflow. */
    public static final int MAX_DEPTH = 32;

    /**
     * A class attribute of the Python objects the host builds as events (the host's dispatch
     * loop makes them, fields as attributes): converting one back to Java takes its
     * {@code __dict__}, its fields, rather than every member of the object.
     */
    public static final String PYTHON_EVENT_MARKER = "__polytrace_event__";

    private GuestValues() {
    }

    /** A Java value as the guest should see it (see the class comment). */
    public static Object toGuest(Object javaValue) {
        return switch (javaValue) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b;
            case Long l -> l == l.intValue() ? (Object) l.intValue() : l; // GraalJS compiles ints better
            case Integer i -> i;
            case Double d -> d;
            case BigInteger b -> b;
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case Float f -> f.doubleValue();
            case BigDecimal d -> d.doubleValue();
            case Character c -> c.toString();
            case Map<?, ?> m -> new GuestRecord(stringKeyed(m));
            case List<?> l -> new GuestList(uncheckedList(l));
            case byte[] b -> new GuestBytes(b);
            case Object[] a -> new GuestList(Arrays.asList(a));
            case long[] a -> new GuestList(new ArrayList<>(Arrays.stream(a).boxed().toList()));
            case int[] a -> new GuestList(new ArrayList<>(Arrays.stream(a).asLongStream().boxed().toList()));
            case double[] a -> new GuestList(new ArrayList<>(Arrays.stream(a).boxed().toList()));
            case Proxy p -> p;
            default -> javaValue; // a host object: the guest sees its exported members only
        };
    }

    /**
     * A guest value as plain Java (see the class comment).
     *
     * @param what names the value in errors, e.g. {@code "ctx.maps.counts.set key"}
     * @throws HandlerValueException when the value is not JSON-like
     */
    public static Object toJava(Value guestValue, String what) {
        return new GuestToJava(what, "the value", "values").convert(guestValue);
    }

    /**
     * {@link #toJava} for a record to emit: the error text speaks of records, and one larger than
     * {@code maxBytes} as JSON is refused.
     */
    static Map<String, Object> recordToJava(Value guestValue, String what, long maxBytes) {
        Object record = new GuestToJava(what, "the record", "records", maxBytes).convert(guestValue);
        if (record instanceof Map<?, ?> map) {
            return stringKeyed(map);
        }
        throw new HandlerValueException(what + ": the record must be an object (JS) or a dict (Python), got "
                + (record == null ? "null" : GuestToJava.describe(guestValue)));
    }

    /**
     * An event for {@code onEvent}: the decoded fields (a struct's members; any other decoded
     * value as {@code value}) plus {@code raw}, the record's bytes. A decoded field named
     * {@code raw} wins over the bytes.
     */
    public static Object event(Object decoded, byte[] raw) {
        Map<String, Object> fields = new LinkedHashMap<>();
        if (decoded instanceof Map<?, ?> map) {
            fields.putAll(stringKeyed(map));
        } else if (decoded != null) {
            fields.put("value", decoded);
        }
        if (raw != null) {
            fields.putIfAbsent(EventFields.RAW, raw);
        }
        return new GuestRecord(fields);
    }

    /**
     * An event for {@code onEvent} read lazily from its bytes: the same fields and values as {@link
     * #event} of the decoded record, but each decoded only when the handler reads it.
     *
     * @param python whether the guest is Python, which subscripts events as dicts; JS reads
     *               members only, which is faster without the dict side
     */
    public static Object event(RecordLayout layout, byte[] raw, boolean python) {
        return python ? new EventView.Dict(layout, raw) : new EventView(layout, raw);
    }

    /** The map itself when its keys are all strings, else a copy keyed by their text. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> stringKeyed(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), v));
                return copy;
            }
        }
        return (Map<String, Object>) map;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> uncheckedList(List<?> list) {
        return (List<Object>) list;
    }
}
