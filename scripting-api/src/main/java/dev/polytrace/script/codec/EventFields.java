package dev.polytrace.script.codec;

import java.util.ArrayList;
import java.util.List;

/**
 * What every path that hands an event to a handler or an output agrees on, beside the layout
 * itself: the name under which the record's bytes come along, and how long an integer array may
 * be to arrive as a script array built per event rather than a host view.
 */
public final class EventFields {
    /** The field holding the record's bytes, unless the record has a field of that name. */
    public static final String RAW = "raw";

    /** Integer arrays up to this many elements are built per event in the guest (JS arrays, Python tuples). */
    public static final int MAX_INLINE_ARRAY = 16;

    private EventFields() {
    }

    /** The field names as the event has them: {@value #RAW} last, unless the layout has a field of that name. */
    public static List<String> names(RecordLayout layout) {
        if (layout.names().contains(RAW)) {
            return layout.names();
        }
        List<String> names = new ArrayList<>(layout.names());
        names.add(RAW);
        return names;
    }
}
