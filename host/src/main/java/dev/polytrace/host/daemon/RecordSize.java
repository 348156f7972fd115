package dev.polytrace.host.daemon;

import java.util.List;
import java.util.Map;

/**
 * About how many bytes a buffered record takes, as the JSON it is served as: what the daemon's
 * byte caps count. Strings count by their length, numbers at their longest; cheap enough to run
 * for every record a reader thread buffers.
 */
final class RecordSize {
    /** seq, time, type and stream around the data. */
    static final int ENVELOPE = 64;
    private static final int NUMBER = 24;

    private RecordSize() {
    }

    static long of(Object data) {
        return ENVELOPE + value(data);
    }

    private static long value(Object v) {
        return switch (v) {
            case null -> 4;
            case String s -> s.length() + 2L;
            case Number n -> NUMBER;
            case Boolean b -> 5;
            case Map<?, ?> m -> {
                long n = 2;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    n += String.valueOf(e.getKey()).length() + 4L + value(e.getValue());
                }
                yield n;
            }
            case List<?> l -> {
                long n = 2;
                for (Object element : l) {
                    n += 1 + value(element);
                }
                yield n;
            }
            case byte[] b -> 2 + 4L * b.length;
            default -> String.valueOf(v).length() + 2L;
        };
    }
}
