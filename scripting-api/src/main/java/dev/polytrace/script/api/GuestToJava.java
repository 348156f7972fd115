package dev.polytrace.script.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.Proxy;

/**
 * One conversion of a guest value to plain Java, walking it depth first. The enclosing values
 * on the current path are kept to detect cycles (guest values compare by identity through
 * {@link Value#equals}); errors name the field by its path, {@code args[2].name}.
 *
 * <p>Our own proxies coming back ({@code ctx.emit(ev)}) are unwrapped and their Java contents
 * copied with the same checks, so a record the handler changed ({@code ev.self = ev}) cannot
 * smuggle a cycle into the host.
 *
 * <p>The size of the value as JSON text is counted as it is copied (strings in UTF-8, numbers at
 * their longest), and the copy stops with an error naming the size as soon as it passes the limit:
 * a handler cannot make the host hold a record of any size.
 */
final class GuestToJava {
    /** A number at its longest as JSON text (a negative long, a double in exponent form). */
    private static final long NUMBER_BYTES = 24;
    /** A byte as an element of a JSON array: up to three digits and a comma. */
    private static final long BYTE_ELEMENT_BYTES = 4;

    private final String what;
    private final String rootName;
    private final String noun;
    private final long maxBytes;
    private final Deque<Object> ancestors = new ArrayDeque<>();
    private long bytes; // of the JSON text of what was copied so far

    GuestToJava(String what, String rootName, String noun) {
        this(what, rootName, noun, Long.MAX_VALUE);
    }

    /**
     * @param what the operation, first in every message ({@code emit})
     * @param rootName how the whole value is called when it is itself wrong ({@code the record})
     * @param noun what must be JSON-like ({@code records})
     * @param maxBytes the largest value accepted, in bytes of JSON
     */
    GuestToJava(String what, String rootName, String noun, long maxBytes) {
        this.what = what;
        this.rootName = rootName;
        this.noun = noun;
        this.maxBytes = maxBytes;
    }

    Object convert(Value value) {
        return guest(value, "");
    }

    private Object guest(Value v, String path) {
        if (v == null || v.isNull()) {
            count(4, path);
            return null;
        }
        if (v.isBoolean()) {
            count(5, path);
            return v.asBoolean();
        }
        if (v.isString()) {
            return string(v.asString(), path);
        }
        if (v.isNumber()) {
            count(NUMBER_BYTES, path);
            return number(v, path);
        }
        if (v.isProxyObject()) {
            return proxy(v.asProxyObject(), path);
        }
        if (v.isHostObject()) {
            throw fail(path, "is a Java object (" + v.asHostObject().getClass().getSimpleName() + ")");
        }
        if (v.canExecute() || v.canInstantiate()) {
            throw fail(path, "is a function");
        }
        if (v.isInstant()) {
            return string(v.asInstant().toString(), path);
        }
        if (v.hasArrayElements() || v.hasHashEntries() || v.hasBufferElements() || v.hasMembers()) {
            enter(v, path);
            try {
                return container(v, path);
            } finally {
                ancestors.pop();
            }
        }
        throw fail(path, "is " + describe(v));
    }

    private Object container(Value v, String path) {
        if (v.hasMembers() && v.hasMember(GuestValues.PYTHON_EVENT_MARKER)) {
            // a Python event (it also reads as a sequence, having __getitem__ and __len__)
            Value fields = v.getMember("__dict__");
            if (fields != null && fields.hasHashEntries()) {
                return container(fields, path);
            }
        }
        count(2, path); // [] or {}
        if (v.hasArrayElements()) {
            long size = v.getArraySize();
            List<Object> list = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                String at = path + "[" + i + "]";
                count(1, at);
                list.add(guest(v.getArrayElement(i), at));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        if (v.hasHashEntries()) {
            Value keys = v.getHashKeysIterator();
            while (keys.hasIteratorNextElement()) {
                Value key = keys.getIteratorNextElement();
                String name = keyName(key, path);
                map.put(name, guest(v.getHashValue(key), entry(path, name)));
            }
            return map;
        }
        if (v.hasBufferElements()) {
            long size = v.getBufferSize();
            count(size * BYTE_ELEMENT_BYTES, path);
            List<Object> bytes = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                bytes.add((long) (v.readBufferByte(i) & 0xff));
            }
            return bytes;
        }
        for (String name : v.getMemberKeys()) {
            map.put(name, guest(v.getMember(name), entry(path, name)));
        }
        return map;
    }

    /** A string as JSON: its UTF-8 bytes and two quotes. */
    private String string(String s, String path) {
        count(utf8Length(s) + 2, path);
        return s;
    }

    /** The path of a map entry {@code name}, its key counted as JSON ({@code "name":} and a comma). */
    private String entry(String path, String name) {
        String at = member(path, name);
        count(utf8Length(name) + 4, at);
        return at;
    }

    /** Adds {@code n} bytes of JSON; past the limit the copy stops, naming the size and where it got there. */
    private void count(long n, String path) {
        bytes += n;
        if (bytes > maxBytes) {
            throw new HandlerValueException(what + ": " + rootName + " takes at least " + bytes + " bytes as JSON"
                    + (path.isEmpty() ? "" : " (up to field '" + path + "')") + ", over the limit of " + maxBytes
                    + " bytes (option maxEmitBytes)");
        }
    }

    private static long utf8Length(String s) {
        long n = s.length();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                n += c < 0x800 || Character.isSurrogate(c) ? 1 : 2; // a surrogate pair: 4 bytes for 2 chars
            }
        }
        return n;
    }

    private Object number(Value v, String path) {
        if (v.fitsInLong()) {
            return v.asLong();
        }
        if (v.fitsInBigInteger() && !isPythonFloat(v)) {
            return v.asBigInteger();
        }
        if (v.fitsInDouble()) {
            double d = v.asDouble();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw fail(path, "is " + d);
            }
            return d;
        }
        throw fail(path, "is a number Java cannot hold (" + v + ")");
    }

    /**
     * A Python float with an integral value past a long (1e30) stays a double, as it was decoded.
     * One that came from the host (a float field of an event) shows as Java's Double.
     */
    private static boolean isPythonFloat(Value v) {
        Value type = v.getMetaObject();
        if (type == null) {
            return false;
        }
        String name = type.getMetaQualifiedName();
        return "float".equals(name) || "java.lang.Double".equals(name);
    }

    private String keyName(Value key, String path) {
        if (key.isString()) {
            return key.asString();
        }
        if (key.isNumber() && (key.fitsInLong() || key.fitsInBigInteger())) {
            return key.fitsInLong() ? Long.toString(key.asLong()) : key.asBigInteger().toString();
        }
        throw fail(path, "has a key that is not a string or a whole number (" + key + ")");
    }

    private Object proxy(Object proxy, String path) {
        return switch (proxy) {
            case GuestRecord r -> java(r.fields(), path);
            case EventView e -> java(e.fields(), path);
            case GuestList l -> java(l.elements(), path);
            case GuestBytes b -> unsigned(b.bytes(), path);
            case ContextParams p -> java(p.snapshot(), path);
            case ContextMaps m -> throw fail(path, "is ctx.maps");
            default -> throw fail(path, "is a Java object (" + proxy.getClass().getSimpleName() + ")");
        };
    }

    /** Copies Java data held by our proxies, checking it as strictly as guest data. */
    private Object java(Object o, String path) {
        switch (o) {
            case null -> {
                count(4, path);
                return null;
            }
            case String s -> {
                return string(s, path);
            }
            case Boolean b -> {
                count(5, path);
                return b;
            }
            case Double d when d.isNaN() || d.isInfinite() -> throw fail(path, "is " + d);
            case Float f when f.isNaN() || f.isInfinite() -> throw fail(path, "is " + f);
            case Number n -> {
                count(NUMBER_BYTES, path);
                return n;
            }
            case byte[] b -> {
                return unsigned(b, path);
            }
            case Value v -> {
                return guest(v, path);
            }
            case Map<?, ?> m -> {
                enter(m, path);
                try {
                    count(2, path);
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), java(v, entry(path, String.valueOf(k)))));
                    return copy;
                } finally {
                    ancestors.pop();
                }
            }
            case List<?> l -> {
                enter(l, path);
                try {
                    count(2, path);
                    List<Object> copy = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        String at = path + "[" + i + "]";
                        count(1, at);
                        copy.add(java(l.get(i), at));
                    }
                    return copy;
                } finally {
                    ancestors.pop();
                }
            }
            case Proxy p -> {
                return proxy(p, path);
            }
            default -> throw fail(path, "is a Java object (" + o.getClass().getSimpleName() + ")");
        }
    }

    private void enter(Object container, String path) {
        if (ancestors.size() >= GuestValues.MAX_DEPTH) {
            throw fail(path, "is nested more than " + GuestValues.MAX_DEPTH + " levels deep");
        }
        for (Object a : ancestors) {
            if (a == container || (a instanceof Value av && container instanceof Value cv && av.equals(cv))) {
                throw fail(path, "refers back to a value that contains it (a cycle)");
            }
        }
        ancestors.push(container);
    }

    private List<Object> unsigned(byte[] bytes, String path) {
        count(2 + (long) bytes.length * BYTE_ELEMENT_BYTES, path);
        List<Object> list = new ArrayList<>(bytes.length);
        for (byte b : bytes) {
            list.add((long) (b & 0xff));
        }
        return list;
    }

    private static String member(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private HandlerValueException fail(String path, String problem) {
        String subject = path.isEmpty() ? rootName : "field '" + path + "'";
        return new HandlerValueException(what + ": " + subject + " " + problem + "; " + noun + " must be JSON-like");
    }

    /** A short description of a guest value for messages: "a number", "an array", "a Symbol". */
    static String describe(Value v) {
        if (v.isNumber()) {
            return "a number";
        }
        if (v.isString()) {
            return "a string";
        }
        if (v.isBoolean()) {
            return "a boolean";
        }
        if (v.hasArrayElements()) {
            return "an array";
        }
        Value meta = v.getMetaObject();
        return meta == null ? "a " + v : "a " + meta.getMetaSimpleName();
    }
}
