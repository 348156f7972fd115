package dev.polytrace.script.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AddressesTest {
    @Test
    void acceptsTheFormsHandlersHold() {
        assertEquals(0xffffffff81000000L, Addresses.parse("0xffffffff81000000"));
        assertEquals(0xffffffff81000000L, Addresses.parse(new BigInteger("ffffffff81000000", 16)));
        assertEquals(0xffffffff81000000L, Addresses.parse(0xffffffff81000000L));
        assertEquals(4096L, Addresses.parse("4096"));
        assertEquals(4096L, Addresses.parse(4096.0));
        assertEquals(-1L, Addresses.parse("18446744073709551615"));
        assertEquals("0xffffffff81000000", Addresses.hex(0xffffffff81000000L));
    }

    @Test
    void rejectsWhatIsNoAddress() {
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse("main"));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(1.5));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(BigInteger.ONE.shiftLeft(64)));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(null));
        assertThrows(IllegalArgumentException.class, () -> Addresses.parse(true));
    }
}
