package dev.polytrace.script.codec;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The total of a per-CPU value (a handler's {@code get(key, {sum: true})}, the host's printed
 * maps): numbers add up (exactly, as BigInteger when a long would overflow), structs add member
 * by member and arrays element by element; anything else (strings, enums, booleans, pointers) is taken from CPU 0, as summing
 * it has no meaning.
 */
public final class PerCpuSum {
    private PerCpuSum() {
    }

    public static Object of(List<Object> perCpu) {
        if (perCpu.isEmpty()) {
            return null;
        }
        Object total = perCpu.get(0);
        for (int cpu = 1; cpu < perCpu.size(); cpu++) {
            total = add(total, perCpu.get(cpu));
        }
        return total;
    }

    private static Object add(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return addNumbers(x, y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            Map<String, Object> sum = new LinkedHashMap<>();
            x.forEach((k, v) -> sum.put(String.valueOf(k), add(v, y.get(k))));
            return sum;
        }
        if (a instanceof List<?> x && b instanceof List<?> y && x.size() == y.size()) {
            List<Object> sum = new ArrayList<>(x.size());
            for (int i = 0; i < x.size(); i++) {
                sum.add(add(x.get(i), y.get(i)));
            }
            return sum;
        }
        return a;
    }

    private static Object addNumbers(Number x, Number y) {
        if (x instanceof Double || y instanceof Double || x instanceof Float || y instanceof Float) {
            return x.doubleValue() + y.doubleValue();
        }
        BigInteger sum = big(x).add(big(y));
        return sum.bitLength() < 64 ? (Object) sum.longValue() : sum;
    }

    private static BigInteger big(Number n) {
        return switch (n) {
            case BigInteger b -> b;
            case BigDecimal d -> d.toBigInteger();
            default -> BigInteger.valueOf(n.longValue());
        };
    }
}
