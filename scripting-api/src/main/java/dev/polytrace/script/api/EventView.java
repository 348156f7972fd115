package dev.polytrace.script.api;

import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Value;

/**
 * An event read from the record's bytes only when the handler reads a field, through the
 * stream's {@link RecordLayout}. The host's handler loops build the guest's own event objects
 * instead (decoded a run at a time); this view is what a record they cannot take reaches
 * {@code onEvent} as, and what embedders of this API get from {@link GuestValues#event}: a
 * handler that looks at four fields of a twenty-field record decodes four. It reads exactly like {@link GuestRecord} over the decoded map
 * ({@code ev.pid}, {@code ev['comm']}, keys in order, {@code raw} last); the first change a handler
 * makes (before {@code ctx.emit(ev)}, say) decodes the rest into a map of its own, which is then
 * the event.
 *
 * <p>A record shorter than its type (see {@link RecordLayout}) has only the fields it holds:
 * the others are not among the names, so JS reads them as {@code undefined}. For JS it is
 * members only: GraalJS reads a foreign object that has hash entries through
 * them, which costs a key conversion and two lookups per field read. Python subscripts hash
 * entries, so it gets {@link Dict}.
 */
class EventView implements MemberView {

    private final RecordLayout layout;
    private final byte[] raw;
    private final ByteBuffer record;
    private Map<String, Object> fields; // once the handler changed something

    EventView(RecordLayout layout, byte[] raw) {
        this.layout = layout;
        this.raw = raw;
        this.record = RecordLayout.view(raw);
    }

    /** The event as plain Java: what {@link GuestValues#event} would have been given. */
    Map<String, Object> fields() {
        if (fields == null) {
            fields = layout.decode(record);
            fields.putIfAbsent(EventFields.RAW, raw);
        }
        return fields;
    }

    @Override
    public Collection<String> names() {
        if (fields != null) {
            return fields.keySet();
        }
        List<String> names = layout.names();
        boolean whole = layout.isWhole(record);
        if (whole && names.contains(EventFields.RAW)) {
            return names;
        }
        List<String> withRaw = new ArrayList<>(names.size() + 1);
        for (int i = 0; i < names.size(); i++) {
            if (whole || layout.isPresent(i, record)) {
                withRaw.add(names.get(i));
            }
        }
        if (!withRaw.contains(EventFields.RAW)) {
            withRaw.add(EventFields.RAW);
        }
        return withRaw;
    }

    @Override
    public boolean has(String name) {
        if (fields != null) {
            return fields.containsKey(name);
        }
        int i = layout.indexOf(name);
        return (i >= 0 && layout.isPresent(i, record)) || EventFields.RAW.equals(name);
    }

    /** A field of the record's type, whether or not this record holds it. */
    boolean declares(String name) {
        return layout.indexOf(name) >= 0;
    }

    @Override
    public Object read(String name) {
        if (fields != null) {
            return GuestValues.toGuest(fields.get(name));
        }
        int i = layout.indexOf(name);
        if (i >= 0 && layout.isPresent(i, record)) {
            return GuestValues.toGuest(layout.read(i, record));
        }
        return EventFields.RAW.equals(name) ? new GuestBytes(raw) : null;
    }

    @Override
    public void write(String name, Value value) {
        Object converted = GuestValues.toJava(value, "field '" + name + "'");
        fields().put(name, converted);
    }

    @Override
    public boolean remove(String name) {
        Map<String, Object> all = fields();
        boolean had = all.containsKey(name);
        all.remove(name);
        return had;
    }

    @Override
    public HandlerApiException readOnly(String name) {
        return new HandlerApiException("field '" + name + "' cannot be changed");
    }

    @Override
    public String toString() {
        return fields().toString();
    }

    /**
     * The view with hash entries as well, for Python ({@code ev['comm']}, {@code len(ev)}). A
     * field of the type that the record does not hold is missing as a dict key is ({@code
     * KeyError}, {@code ev.get('args')} is None, not in {@code keys()}), and as an attribute reads
     * as None: code written for the record's type reads {@code ev.args} without a guard.
     */
    static final class Dict extends EventView implements HashView {
        Dict(RecordLayout layout, byte[] raw) {
            super(layout, raw);
        }

        @Override
        public boolean hasMember(String key) {
            return has(key) || declares(key);
        }
    }
}
