package dev.polytrace.host.repl;

import dev.polytrace.script.api.HandlerContext;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * What an expression returned, in the notation of its language: structures (guest arrays,
 * objects and dicts, and the host's decoded records and lists) item by item, strings quoted inside
 * them, host objects by their own description, anything else as the language prints it. Reading
 * never calls guest code, except property getters of JS objects.
 */
final class GuestDisplay {
    private static final int MAX_DEPTH = 8;

    private final ReplLanguage style;

    GuestDisplay(ReplLanguage style) {
        this.style = style;
    }

    /** A value at the top: a string shows as is. */
    Shown top(Value value) {
        return value.isString() ? new Shown.Atom(value.asString()) : nested(value, 0);
    }

    private Shown nested(Value v, int depth) {
        if (v.isNull()) {
            return new Shown.Atom(style.nullText(v));
        }
        if (v.isBoolean()) {
            return new Shown.Atom(style.literalBoolean(v.asBoolean()));
        }
        if (v.isString()) {
            return new Shown.Atom(style.quote(v.asString()));
        }
        if (v.isNumber() || v.isDate() || v.isTime() || v.isInstant() || v.isException()) {
            return new Shown.Atom(v.toString());
        }
        if (v.isHostObject()) {
            return host(v);
        }
        if (v.canExecute() || v.canInstantiate()) {
            return new Shown.Atom(function(v));
        }
        if (depth >= MAX_DEPTH) {
            return new Shown.Atom("...");
        }
        if (v.hasArrayElements() && isStructure(v)) {
            return list(v, depth);
        }
        if (v.hasHashEntries() && isStructure(v)) {
            return hash(v, depth);
        }
        if (v.hasMembers() && (v.isProxyObject() || style.showsMembers())) {
            return members(v, depth);
        }
        return new Shown.Atom(v.toString());
    }

    /** Host records and lists, JS objects, and Python's own containers (other Python objects show their repr). */
    private boolean isStructure(Value v) {
        return v.isProxyObject() || style.isStructure(v);
    }

    private Shown list(Value v, int depth) {
        long size = v.getArraySize();
        List<Shown> items = new ArrayList<>();
        for (long i = 0; i < size && i < Shown.MAX_ITEMS; i++) {
            items.add(nested(v.getArrayElement(i), depth + 1));
        }
        if (size > Shown.MAX_ITEMS) {
            items.add(new Shown.Atom("... " + (size - Shown.MAX_ITEMS) + " more"));
        }
        boolean tuple = style.isTuple(v);
        return new Shown.Group(tuple ? "(" : "[", tuple ? ")" : "]", items);
    }

    private Shown hash(Value v, int depth) {
        List<Shown> items = new ArrayList<>();
        Value keys = v.getHashKeysIterator();
        while (keys.hasIteratorNextElement()) {
            if (items.size() == Shown.MAX_ITEMS) {
                items.add(new Shown.Atom("... " + (v.getHashSize() - Shown.MAX_ITEMS) + " more"));
                break;
            }
            Value key = keys.getIteratorNextElement();
            String name = key.isString() ? style.key(key.asString()) : Shown.flat(nested(key, depth + 1));
            items.add(new Shown.Pair(name, nested(v.getHashValue(key), depth + 1)));
        }
        return new Shown.Group("{", "}", items);
    }

    private Shown members(Value v, int depth) {
        List<Shown> items = new ArrayList<>();
        for (String key : v.getMemberKeys()) {
            if (items.size() == Shown.MAX_ITEMS) {
                items.add(new Shown.Atom("..."));
                break;
            }
            items.add(new Shown.Pair(style.key(key), nested(v.getMember(key), depth + 1)));
        }
        return new Shown.Group("{", "}", items);
    }

    /** A host object's own description ({@code map counts (hash, ...)}), or its exported members. */
    private static Shown host(Value v) {
        Object host = v.asHostObject();
        if (host instanceof HandlerContext) {
            return new Shown.Atom("ctx {" + String.join(", ", v.getMemberKeys()) + "}");
        }
        try {
            if (host.getClass().getMethod("toString").getDeclaringClass() != Object.class) {
                return new Shown.Atom(host.toString());
            }
        } catch (NoSuchMethodException e) {
            // every class has toString
        }
        return new Shown.Atom(host.getClass().getSimpleName() + " {" + String.join(", ", v.getMemberKeys()) + "}");
    }

    private String function(Value v) {
        return style.functionText(v);
    }
}
