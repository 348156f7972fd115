package dev.polytrace.script.api;

import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyHashMap;
import org.graalvm.polyglot.proxy.ProxyIterator;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * A guest view of named entries that reads the same as {@code x.name} and {@code x['name']} in
 * both languages: JS reads members and hash entries alike, but GraalPy subscripts only hash
 * entries and reads attributes only from members, so the view is both a ProxyObject and a
 * ProxyHashMap (Python then sees a dict: {@code len}, {@code in}, {@code keys()}, iteration).
 * Entries a subclass cannot change fail with a message naming the view.
 */
abstract class DictProxy implements ProxyObject, ProxyHashMap {
    /** The entry names, in order. */
    abstract Collection<String> names();

    abstract boolean has(String name);

    /** The entry, ready for the guest ({@link GuestValues#toGuest}). */
    abstract Object read(String name);

    /** Sets an entry from the guest; read-only by default. */
    void write(String name, Value value) {
        throw readOnly(name);
    }

    boolean remove(String name) {
        throw readOnly(name);
    }

    /** The error for a write to a read-only view. */
    abstract HandlerApiException readOnly(String name);

    @Override
    public final Object getMember(String key) {
        return read(key);
    }

    @Override
    public final Object getMemberKeys() {
        return ProxyArray.fromArray(names().toArray());
    }

    @Override
    public final boolean hasMember(String key) {
        return has(key);
    }

    @Override
    public final void putMember(String key, Value value) {
        write(key, value);
    }

    @Override
    public final boolean removeMember(String key) {
        return remove(key);
    }

    @Override
    public final long getHashSize() {
        return names().size();
    }

    @Override
    public final boolean hasHashEntry(Value key) {
        return key.isString() && has(key.asString());
    }

    @Override
    public final Object getHashValue(Value key) {
        return key.isString() && has(key.asString()) ? read(key.asString()) : null;
    }

    @Override
    public final void putHashEntry(Value key, Value value) {
        write(nameOf(key), value);
    }

    @Override
    public final boolean removeHashEntry(Value key) {
        return key.isString() && has(key.asString()) && remove(key.asString());
    }

    @Override
    public final Object getHashEntriesIterator() {
        Iterator<String> keys = List.copyOf(names()).iterator(); // the guest may change the view meanwhile
        return new ProxyIterator() {
            @Override
            public boolean hasNext() {
                return keys.hasNext();
            }

            @Override
            public Object getNext() {
                String name = keys.next();
                return ProxyArray.fromArray(name, read(name));
            }
        };
    }

    private String nameOf(Value key) {
        if (key.isString()) {
            return key.asString();
        }
        throw new HandlerValueException("entry names must be strings, got " + key);
    }
}
