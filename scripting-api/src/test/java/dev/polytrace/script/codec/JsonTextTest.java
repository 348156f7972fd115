package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class JsonTextTest {
    @Test
    void valueModelAsCompactJson() {
        Object value = map("pid", 42L, "comm", "ba\"sh\n", "ok", false, "big", new BigInteger("18446744073709551615"),
                "ratio", 0.5, "ptr", "0x0000000000001000", "xs", list(1L, list()), "none", null);

        assertEquals("{\"pid\":42,\"comm\":\"ba\\\"sh\\n\",\"ok\":false,\"big\":18446744073709551615,\"ratio\":0.5,"
                + "\"ptr\":\"0x0000000000001000\",\"xs\":[1,[]],\"none\":null}", JsonText.of(value));
    }

    @Test
    void nonFiniteDoublesAndControlCharactersAreStrings() {
        assertEquals("[\"NaN\",\"Infinity\",\"-Infinity\"]",
                JsonText.of(list(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY)));
        assertEquals("\"\\u0001\\u001b\"", JsonText.of("\u0001\u001b"));
    }
}
