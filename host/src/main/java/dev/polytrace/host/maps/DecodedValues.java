package dev.polytrace.host.maps;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;

/** Questions about a value decoded as a handler sees it ({@code BtfCodec}'s value model). */
public final class DecodedValues {
    private DecodedValues() {
    }

    /**
     * No number in it other than zero: a counter nothing counted yet. Non-numeric members (a comm,
     * an enum's name) do not count, so a histogram labelled with a comm but empty counts nothing.
     */
    public static boolean countsNothing(Object value) {
        return switch (value) {
            case BigInteger b -> b.signum() == 0;
            case Double d -> d == 0;
            case Float f -> f == 0;
            case Number n -> n.longValue() == 0;
            case List<?> list -> list.stream().allMatch(DecodedValues::countsNothing);
            case Map<?, ?> map -> map.values().stream().allMatch(DecodedValues::countsNothing);
            case null, default -> true;
        };
    }
}
