package dev.polytrace.host.daemon;

import java.util.Locale;

/** Where a deployed tracer is in its life; shown in lower case. */
public enum TracerState {
    /** Attached, events flowing. */
    RUNNING,
    /** Its handler crashed, or it could not be restored; its kernel side is detached. */
    FAILED,
    /** Closed by a delete or the daemon's shutdown. */
    STOPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
