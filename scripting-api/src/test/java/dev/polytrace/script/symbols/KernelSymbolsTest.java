package dev.polytrace.script.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class KernelSymbolsTest {
    private static final String KALLSYMS = """
            0000000000000000 A fixed_percpu_data
            0000000000001000 D cpu_number
            ffffffff81002000 t helper
            ffffffff81000000 T _stext
            ffffffff81001000 t __do_sys_open
            ffffffff81001000 T do_sys_open
            ffffffffc0a00000 t ext4_fill_super\t[ext4]
            ffffffffc0b00000 t bpf_prog_6deef7357e7b4530_on_exec\t[bpf]
            not a line
            """;

    @Test
    void resolvesToTheSymbolAtOrBelow() {
        KernelSymbols symbols = KernelSymbols.parse(KALLSYMS, "test");
        assertTrue(symbols.isAvailable());
        assertEquals(5, symbols.size(), "user-half, duplicate and malformed entries are dropped");
        assertEquals("do_sys_open+0x1a", symbols.format(0xffffffff8100101aL));
        assertEquals("_stext+0x0", symbols.format(0xffffffff81000000L));
        assertEquals("helper+0xfff", symbols.format(0xffffffff81002fffL));
        assertEquals(new KernelSymbol("ext4_fill_super", 0xffffffffc0a00000L, 0x10, "ext4"),
                symbols.lookup(0xffffffffc0a00010L).orElseThrow());
        assertEquals("bpf", symbols.lookup(0xffffffffc0b00004L).orElseThrow().module());
    }

    @Test
    void addressesOutsideTheKernelAreHex() {
        KernelSymbols symbols = KernelSymbols.parse(KALLSYMS, "test");
        assertEquals("0x1010", symbols.format(0x1010), "per-CPU offsets do not swallow small addresses");
        assertEquals("0x7fff12345678", symbols.format(0x7fff12345678L));
        assertEquals("0xffffffff80000000", symbols.format(0xffffffff80000000L), "below the first kernel symbol");
        assertEquals(Optional.of(0xffffffff81001000L), symbols.addressOf("do_sys_open"));
    }

    @Test
    void hiddenAddressesMakeAnEmptyTableThatSaysWhy() throws IOException {
        Path file = Files.createTempFile("kallsyms", ".txt");
        try {
            Files.writeString(file, "0000000000000000 T _stext\n0000000000000000 T do_sys_open\n");
            KernelSymbols hidden = KernelSymbols.load(file);
            assertFalse(hidden.isAvailable());
            assertTrue(hidden.unavailableReason().orElseThrow().contains("kptr_restrict"));
            assertEquals("0xffffffff8100101a", hidden.format(0xffffffff8100101aL));
        } finally {
            Files.delete(file);
        }
        KernelSymbols missing = KernelSymbols.load(Path.of("/nonexistent/kallsyms"));
        assertTrue(missing.unavailableReason().orElseThrow().startsWith("cannot read /nonexistent/kallsyms"));
    }

    @Test
    void readsTheRunningKernelsSymbolsAsRoot() throws IOException {
        assumeTrue(isRoot(), "/proc/kallsyms shows addresses to root only");
        KernelSymbols symbols = KernelSymbols.system();
        assertTrue(symbols.isAvailable(), () -> symbols.unavailableReason().orElse(""));
        assertTrue(symbols.size() > 10_000, "a kernel has many symbols: " + symbols.size());
        long schedule = symbols.addressOf("schedule").orElseThrow();
        assertEquals("schedule+0x10", symbols.format(schedule + 0x10));
        assertEquals("schedule+0x10", Symbolizer.system().ksym(schedule + 0x10));
    }

    static boolean isRoot() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[2].equals("0");
            }
        }
        return false;
    }
}
