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
 */
final class GuestToJava {
    private final String what;
    private final String rootName;
    private final String noun;
    private final Deque<Object> ancestors = new ArrayDeque<>();

    /**
     * @param what the operation, first in every message ({@code emit})
     * @param rootName how the whole value is called when it is itself wrong ({@code the record})
     * @param noun what must be JSON-like ({@code records})
     */
    GuestToJava(String what, String rootName, String noun) {
        this.what = what;
        this.rootName = rootName;
        this.noun = noun;
    }

    Object convert(Value value) {
        return guest(value, "");
    }

    private Object guest(Value v, String path) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isString()) {
            return v.asString();
        }
        if (v.isNumber()) {
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
            return v.asInstant().toString();
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
        if (v.hasArrayElements()) {
            long size = v.getArraySize();
            List<Object> list = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                list.add(guest(v.getArrayElement(i), path + "[" + i + "]"));
            }
            return list;
        }
        Map<String, Object> map = new LinkedHashMap<>();
        if (v.hasHashEntries()) {
            Value keys = v.getHashKeysIterator();
            while (keys.hasIteratorNextElement()) {
                Value key = keys.getIteratorNextElement();
                String name = keyName(key, path);
                map.put(name, guest(v.getHashValue(key), member(path, name)));
            }
            return map;
        }
        if (v.hasBufferElements()) {
            long size = v.getBufferSize();
            List<Object> bytes = new ArrayList<>((int) Math.min(size, 1 << 16));
            for (long i = 0; i < size; i++) {
                bytes.add((long) (v.readBufferByte(i) & 0xff));
            }
            return bytes;
        }
        for (String name : v.getMemberKeys()) {
            map.put(name, guest(v.getMember(name), member(path, name)));
        }
        return map;
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
            case GuestBytes b -> unsigned(b.bytes());
            case ContextParams p -> java(p.snapshot(), path);
            case ContextMaps m -> throw fail(path, "is ctx.maps");
            default -> throw fail(path, "is a Java object (" + proxy.getClass().getSimpleName() + ")");
        };
    }

    /** Copies Java data held by our proxies, checking it as strictly as guest data. */
    private Object java(Object o, String path) {
        switch (o) {
            case null -> {
                return null;
            }
            case String s -> {
                return s;
            }
            case Boolean b -> {
                return b;
            }
            case Double d when d.isNaN() || d.isInfinite() -> throw fail(path, "is " + d);
            case Float f when f.isNaN() || f.isInfinite() -> throw fail(path, "is " + f);
            case Number n -> {
                return n;
            }
            case byte[] b -> {
                return unsigned(b);
            }
            case Value v -> {
                return guest(v, path);
            }
            case Map<?, ?> m -> {
                enter(m, path);
                try {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(String.valueOf(k), java(v, member(path, String.valueOf(k)))));
                    return copy;
                } finally {
                    ancestors.pop();
                }
            }
            case List<?> l -> {
                enter(l, path);
                try {
                    List<Object> copy = new ArrayList<>(l.size());
                    for (int i = 0; i < l.size(); i++) {
                        copy.add(java(l.get(i), path + "[" + i + "]"));
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

    private static List<Object> unsigned(byte[] bytes) {
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
