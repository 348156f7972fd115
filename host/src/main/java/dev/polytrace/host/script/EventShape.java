package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of the event a handler gets for a record of a layout, whichever way it is delivered:
 * the layout's fields, then {@code raw} (the record's bytes) unless the layout has a field of that
 * name, then {@code container} when the events carry their process's container.
 *
 * <p>Public for the language packages ({@code script.js}, {@code script.python}), whose event
 * types are built to this shape.
 */
public final class EventShape {
    public static final String CONTAINER = "container";

    private EventShape() {
    }

    /** The field names as the event has them, in order. */
    public static List<String> names(RecordLayout layout) {
        boolean container = hasContainer(layout);
        if (layout.names().contains(EventFields.RAW) && !container) {
            return layout.names();
        }
        List<String> names = new ArrayList<>(layout.names());
        if (!layout.names().contains(EventFields.RAW)) {
            names.add(EventFields.RAW);
        }
        if (container) {
            names.add(CONTAINER);
        }
        return names;
    }

    /** Whether events of this layout carry their process's container: they have a process, and no field of that name. */
    public static boolean hasContainer(RecordLayout layout) {
        return ProcessFields.of(layout).hasProcess() && !layout.names().contains(CONTAINER);
    }

    /** How the handler sees a container: its fields as a record of its own (null when unresolved). */
    public static Object guestContainer(ContainerInfo container) {
        return container == null ? null : GuestValues.toGuest(container.fields());
    }
}
