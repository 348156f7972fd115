package dev.polytrace.host.session;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How much a decoded value grew between two reads of a map that cannot be cleared (an array):
 * numbers subtract, structs member by member, arrays element by element; anything else (a comm,
 * an enum name) is taken as it is now.
 */
final class ValueGrowth {
    private ValueGrowth() {
    }

    /** {@code now} minus {@code before}; {@code before} null means nothing was there. */
    static Object since(Object before, Object now) {
        if (before == null) {
            return now;
        }
        if (before instanceof Number b && now instanceof Number n && !(b instanceof Double) && !(n instanceof Double)) {
            BigInteger growth = big(n).subtract(big(b));
            return growth.bitLength() < 64 ? (Object) growth.longValue() : growth;
        }
        if (before instanceof List<?> b && now instanceof List<?> n && b.size() == n.size()) {
            List<Object> out = new ArrayList<>(n.size());
            for (int i = 0; i < n.size(); i++) {
                out.add(since(b.get(i), n.get(i)));
            }
            return out;
        }
        if (before instanceof Map<?, ?> b && now instanceof Map<?, ?> n) {
            Map<String, Object> out = new LinkedHashMap<>();
            n.forEach((k, v) -> out.put(String.valueOf(k), since(b.get(k), v)));
            return out;
        }
        return now;
    }

    private static BigInteger big(Number n) {
        return n instanceof BigInteger b ? b : BigInteger.valueOf(n.longValue());
    }
}
