package dev.polytrace.host.cli;

import dev.polytrace.host.input.UserError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code --map-size NAME=N} options: max_entries by map name, checked against the object at load. */
final class MapSizeOptions {
    private MapSizeOptions() {
    }

    static Map<String, Long> parse(List<String> assignments) {
        Map<String, Long> sizes = new LinkedHashMap<>();
        for (String a : assignments) {
            int eq = a.indexOf('=');
            if (eq <= 0) {
                throw new UserError("--map-size " + a + ": expected NAME=N, e.g. start=65536");
            }
            sizes.put(a.substring(0, eq).strip(), entries(a, a.substring(eq + 1).strip()));
        }
        return sizes;
    }

    /** Decimal or 0x hex, positive; the kernel's max_entries is a u32, and no real map needs 2^31. */
    private static long entries(String assignment, String text) {
        long value;
        try {
            value = Long.decode(text.replace("_", ""));
        } catch (NumberFormatException e) {
            value = -1;
        }
        if (value < 1 || value > Integer.MAX_VALUE) {
            throw new UserError("--map-size " + assignment + ": N must be a whole number from 1 to "
                    + Integer.MAX_VALUE + " (max_entries; a ring buffer's size in bytes)");
        }
        return value;
    }
}
