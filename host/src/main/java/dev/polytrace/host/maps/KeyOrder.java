package dev.polytrace.host.maps;

import dev.polytrace.script.codec.ValueText;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The order of decoded values, for printing keys: numbers by value (pid 9 before pid 10), strings
 * as text, structs member by member and arrays element by element; values of different kinds by
 * their text.
 */
final class KeyOrder implements Comparator<Object> {
    static final KeyOrder INSTANCE = new KeyOrder();

    private KeyOrder() {
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return number(x).compareTo(number(y));
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            return elements(x.values(), y.values());
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            return elements(x, y);
        }
        return ValueText.text(a).compareTo(ValueText.text(b));
    }

    /** A number exactly, for comparing longs, BigIntegers and doubles with each other. */
    static BigDecimal number(Number n) {
        return switch (n) {
            case BigInteger b -> new BigDecimal(b);
            case BigDecimal d -> d;
            case Double d when d.isNaN() || d.isInfinite() -> BigDecimal.valueOf(d.isNaN() || d < 0 ? -Double.MAX_VALUE
                    : Double.MAX_VALUE);
            case Double d -> BigDecimal.valueOf(d);
            case Float f -> BigDecimal.valueOf(f.doubleValue());
            default -> BigDecimal.valueOf(n.longValue());
        };
    }

    private int elements(Iterable<?> a, Iterable<?> b) {
        Iterator<?> x = a.iterator();
        Iterator<?> y = b.iterator();
        while (x.hasNext() && y.hasNext()) {
            int c = compare(x.next(), y.next());
            if (c != 0) {
                return c;
            }
        }
        return Boolean.compare(x.hasNext(), y.hasNext());
    }
}
