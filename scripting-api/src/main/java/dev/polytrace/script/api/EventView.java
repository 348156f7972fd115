package dev.polytrace.script.api;

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
 * <p>For JS it is members only: GraalJS reads a foreign object that has hash entries through
 * them, which costs a key conversion and two lookups per field read. Python subscripts hash
 * entries, so it gets {@link Dict}.
 */
class EventView implements MemberView {
    private static final String RAW = "raw";

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
            fields.putIfAbsent(RAW, raw);
        }
        return fields;
    }

    @Override
    public Collection<String> names() {
        if (fields != null) {
            return fields.keySet();
        }
        List<String> names = layout.names();
        if (names.contains(RAW)) {
            return names;
        }
        List<String> withRaw = new ArrayList<>(names.size() + 1);
        withRaw.addAll(names);
        withRaw.add(RAW);
        return withRaw;
    }

    @Override
    public boolean has(String name) {
        return fields != null ? fields.containsKey(name) : layout.indexOf(name) >= 0 || RAW.equals(name);
    }

    @Override
    public Object read(String name) {
        if (fields != null) {
            return GuestValues.toGuest(fields.get(name));
        }
        int i = layout.indexOf(name);
        if (i >= 0) {
            return GuestValues.toGuest(layout.read(i, record));
        }
        return RAW.equals(name) ? new GuestBytes(raw) : null;
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

    /** The view with hash entries as well, for Python ({@code ev['comm']}, {@code len(ev)}). */
    static final class Dict extends EventView implements HashView {
        Dict(RecordLayout layout, byte[] raw) {
            super(layout, raw);
        }
    }
}
