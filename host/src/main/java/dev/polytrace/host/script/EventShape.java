package dev.polytrace.host.script;

import dev.polytrace.host.container.ContainerInfo;
import dev.polytrace.host.container.ProcessFields;
import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.codec.EventFields;
import dev.polytrace.script.codec.RecordLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

    // One read-only guest record per container, shared by all of its events: one built per event
    // cost a JS handler most of its throughput (bench/README.md, the handlers suite). Looked up
    // without a lock by every handler thread; emptied when it holds more containers than a host runs.
    private static final int MAX_CONTAINERS = 4_096;
    private static final Object HOST_GUEST = readOnlyGuest(ContainerInfo.HOST);
    private static final Object UNKNOWN_GUEST = readOnlyGuest(ContainerInfo.UNKNOWN);
    private static final Map<ContainerInfo, Object> CONTAINER_GUESTS = new ConcurrentHashMap<>();

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

    /**
     * How the handler sees a container: its fields as a read-only record (null when unresolved),
     * the same one for every event of the container.
     */
    public static Object guestContainer(ContainerInfo container) {
        if (container == null) {
            return null;
        }
        if (container == ContainerInfo.HOST) {
            return HOST_GUEST;
        }
        if (container == ContainerInfo.UNKNOWN) {
            return UNKNOWN_GUEST;
        }
        Object guest = CONTAINER_GUESTS.get(container);
        if (guest == null) {
            if (CONTAINER_GUESTS.size() >= MAX_CONTAINERS) {
                CONTAINER_GUESTS.clear(); // containers come and go: those still running come back one by one
            }
            guest = CONTAINER_GUESTS.computeIfAbsent(container, EventShape::readOnlyGuest);
        }
        return guest;
    }

    private static Object readOnlyGuest(ContainerInfo container) {
        return GuestValues.toGuest(Collections.unmodifiableMap(container.fields()));
    }
}
