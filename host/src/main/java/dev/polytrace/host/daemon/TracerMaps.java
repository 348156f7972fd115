package dev.polytrace.host.daemon;

import dev.polytrace.host.maps.MapReport;
import java.util.List;
import java.util.Map;

/** A running tracer's maps, read while it is guaranteed to stay loaded. */
public final class TracerMaps {
    private TracerMaps() {
    }

    public static List<Map<String, Object>> list(DeployedTracer t) {
        return t.whileRunning(session -> MapReader.list(session.object())).orElseThrow(() -> notRunning(t));
    }

    public static Map<String, Object> read(DeployedTracer t, String map, int limit) {
        return t.whileRunning(session -> MapReader.read(session.object(), map, limit)).orElseThrow(() -> notRunning(t));
    }

    /** The map as {@code polytrace run} prints it, with the top {@code top} rows of a table (0: every row). */
    public static MapReport report(DeployedTracer t, String map, int top) {
        return t.whileRunning(session -> MapReader.report(session, map, top)).orElseThrow(() -> notRunning(t));
    }

    private static DaemonException notRunning(DeployedTracer t) {
        return new DaemonException(DaemonException.Reason.CONFLICT, "not_running",
                "tracer " + t.id() + " is " + t.state().label() + "; its maps are gone");
    }
}
