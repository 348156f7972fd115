package dev.polytrace.script.codec;

import static dev.polytrace.script.codec.Record.list;
import static dev.polytrace.script.codec.Record.map;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class ValueTextTest {
    @Test
    void scalarsStringsAndBooleansAsTheyAre() {
        assertEquals("42", ValueText.text(42L));
        assertEquals("18446744073709551615", ValueText.text(new BigInteger("18446744073709551615")));
        assertEquals("0.25", ValueText.text(0.25));
        assertEquals("bash", ValueText.text("bash"));
        assertEquals("true", ValueText.text(true));
        assertEquals("null", ValueText.text(null));
    }

    @Test
    void nestedStructsAndLists() {
        assertEquals("{a=1, b={c=2}}", ValueText.text(map("a", 1L, "b", map("c", 2L))));
        assertEquals("[1, 2]", ValueText.text(list(1L, 2L)));
        assertEquals("[[1, 2], []]", ValueText.text(list(list(1L, 2L), list())));
        assertEquals("[3, 4]", ValueText.text(new long[] {3, 4}));
        assertEquals("{}", ValueText.text(map()));
    }

    @Test
    void columnKeepsLongStringsAndCutsLongNestedValues() {
        String path = "/usr/lib/x86_64-linux-gnu/libc.so.6 and then some more text";
        assertEquals(path, ValueText.column(path));
        assertEquals("{x=1, y=2}", ValueText.column(map("x", 1L, "y", 2L)));
        String cut = ValueText.column(list(1000000L, 2000000L, 3000000L, 4000000L, 5000000L, 6000000L));
        assertEquals("[1000000, 2000000, 3000000, 4000000, ...", cut);
        assertEquals(ValueText.MAX_NESTED_COLUMN, cut.length());
    }

    @Test
    void columnEscapesControlCharactersToKeepRowsOnOneLine() {
        assertEquals("a\\nb\\tc\\x1b[0m", ValueText.column("a\nb\tc\u001b[0m"));
    }
}
