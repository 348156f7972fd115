package dev.polytrace.script.api;

import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyObject;

/** Named entries as guest members: {@code x.name}, {@code x['name']} in JS, attributes in Python. */
interface MemberView extends NamedEntries, ProxyObject {
    @Override
    default Object getMember(String key) {
        return read(key);
    }

    @Override
    default Object getMemberKeys() {
        return ProxyArray.fromArray(names().toArray());
    }

    @Override
    default boolean hasMember(String key) {
        return has(key);
    }

    @Override
    default void putMember(String key, Value value) {
        write(key, value);
    }

    @Override
    default boolean removeMember(String key) {
        return remove(key);
    }
}
