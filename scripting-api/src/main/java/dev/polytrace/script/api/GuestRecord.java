package dev.polytrace.script.api;

import java.util.Collection;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * A Java map (a decoded struct, an event, a map entry) as the guest sees it: {@code ev.pid},
 * {@code ev['pid']}, {@code Object.keys(ev)}, {@code for k in ev}. Values are converted when read,
 * so an event costs nothing for the fields a handler does not touch. A handler may add or change
 * fields (e.g. before {@code ctx.emit(ev)}); what it stores is converted to Java at once.
 */
final class GuestRecord extends DictProxy {
    private final Map<String, Object> fields;

    GuestRecord(Map<String, Object> fields) {
        this.fields = fields;
    }

    /** The Java map behind the view. */
    Map<String, Object> fields() {
        return fields;
    }

    @Override
    public Collection<String> names() {
        return fields.keySet();
    }

    @Override
    public boolean has(String name) {
        return fields.containsKey(name);
    }

    @Override
    public Object read(String name) {
        return GuestValues.toGuest(fields.get(name));
    }

    @Override
    public void write(String name, Value value) {
        Object converted = GuestValues.toJava(value, "field '" + name + "'");
        try {
            fields.put(name, converted);
        } catch (UnsupportedOperationException e) {
            throw readOnly(name);
        }
    }

    @Override
    public boolean remove(String name) {
        try {
            boolean had = fields.containsKey(name);
            fields.remove(name);
            return had;
        } catch (UnsupportedOperationException e) {
            throw readOnly(name);
        }
    }

    @Override
    public HandlerApiException readOnly(String name) {
        return new HandlerApiException("field '" + name + "' cannot be changed: this record is read-only; copy it"
                + " first ({...record} in JS, dict(record) in Python)");
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
