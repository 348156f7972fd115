package dev.polytrace.script.api;

import java.util.Collection;
import org.graalvm.polyglot.Value;

/**
 * Named entries a guest view is made of (a record's fields, ctx.params, ctx.maps): what {@link
 * MemberView} and {@link HashView} turn into guest members and hash entries. Entries a view cannot
 * change fail with a message naming the view.
 */
interface NamedEntries {
    /** The entry names, in order. */
    Collection<String> names();

    boolean has(String name);

    /** The entry, ready for the guest ({@link GuestValues#toGuest}). */
    Object read(String name);

    /** Sets an entry from the guest; read-only by default. */
    default void write(String name, Value value) {
        throw readOnly(name);
    }

    default boolean remove(String name) {
        throw readOnly(name);
    }

    /** The error for a write to a read-only view. */
    HandlerApiException readOnly(String name);
}
