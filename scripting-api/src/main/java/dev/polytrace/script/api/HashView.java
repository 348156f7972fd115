package dev.polytrace.script.api;

import java.util.Iterator;
import java.util.List;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyHashMap;
import org.graalvm.polyglot.proxy.ProxyIterator;

/**
 * Named entries as guest hash entries: what GraalPy subscripts ({@code x['name']}), and a dict's
 * {@code len}, {@code in}, {@code keys()} and iteration.
 */
interface HashView extends NamedEntries, ProxyHashMap {
    @Override
    default long getHashSize() {
        return names().size();
    }

    @Override
    default boolean hasHashEntry(Value key) {
        return key.isString() && has(key.asString());
    }

    @Override
    default Object getHashValue(Value key) {
        return key.isString() && has(key.asString()) ? read(key.asString()) : null;
    }

    @Override
    default void putHashEntry(Value key, Value value) {
        write(nameOf(key), value);
    }

    @Override
    default boolean removeHashEntry(Value key) {
        return key.isString() && has(key.asString()) && remove(key.asString());
    }

    @Override
    default Object getHashEntriesIterator() {
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

    private static String nameOf(Value key) {
        if (key.isString()) {
            return key.asString();
        }
        throw new HandlerValueException("entry names must be strings, got " + key);
    }
}
