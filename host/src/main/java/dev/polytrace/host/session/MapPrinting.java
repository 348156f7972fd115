package dev.polytrace.host.session;

import dev.polytrace.host.maps.MapReports;
import java.time.Duration;
import java.util.Optional;

/**
 * Whether a run prints the maps that are no output of their own (as bpftrace does when it exits),
 * how many rows of each table, and whether also every {@code interval}.
 *
 * @param top      rows of a table (biggest values first) and of struct rows; 0 for every row
 * @param interval when present, also print them this often, not only at the end
 */
public record MapPrinting(boolean enabled, int top, Optional<Duration> interval) {
    /** Nothing printed: the daemon, the REPL and library users read maps when they want. */
    public static final MapPrinting OFF = new MapPrinting(false, MapReports.DEFAULT_TOP, Optional.empty());
    /** What {@code polytrace run} does unless told otherwise. */
    public static final MapPrinting AT_EXIT = new MapPrinting(true, MapReports.DEFAULT_TOP, Optional.empty());

    public MapPrinting {
        if (top < 0) {
            throw new IllegalArgumentException("top must be 0 (every row) or more, not " + top);
        }
        interval.ifPresent(d -> {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("the map interval must be positive, not " + d);
            }
        });
    }
}
