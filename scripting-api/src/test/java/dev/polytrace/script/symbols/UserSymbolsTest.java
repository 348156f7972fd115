package dev.polytrace.script.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.kenai.jffi.Library;
import dev.polytrace.bpf.elf.ElfFile;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Symbolizes this JVM's own libraries: the loader placed them, so the load bias is real. */
class UserSymbolsTest {
    private static final int SELF = (int) ProcessHandle.current().pid();

    private static long addressOf(String library, String symbol) {
        Library lib = Library.getCachedInstance(library, Library.LAZY | Library.GLOBAL);
        if (lib == null) {
            throw new IllegalStateException("cannot open " + library + ": " + Library.getLastError());
        }
        long address = lib.getSymbolAddress(symbol);
        if (address == 0) {
            throw new IllegalStateException(symbol + " not found in " + library);
        }
        return address;
    }

    @Test
    void namesLibcFunctionsOfThisProcess() {
        UserSymbols symbols = new UserSymbols();
        long getpid = addressOf("libc.so.6", "getpid");
        assertEquals("getpid+0x0 (libc.so.6)", symbols.format(SELF, getpid));
        assertEquals("getpid+0x4 (libc.so.6)", symbols.format(SELF, getpid + 4));
        UserSymbol symbol = symbols.lookup(SELF, getpid + 4).orElseThrow();
        assertEquals("getpid", symbol.name());
        assertTrue(symbol.file().endsWith("libc.so.6"), symbol.file());
        assertEquals("getpid+0x0 (libc.so.6)", Symbolizer.system().usym(SELF, getpid));
    }

    @Test
    void fileOffsetAndLoadBiasGiveTheElfAddress() {
        long getpid = addressOf("libc.so.6", "getpid");
        UserSymbol symbol = new UserSymbols().lookup(SELF, getpid).orElseThrow();
        ElfFile libc = ElfFile.read(Path.of(symbol.file()));
        long vaddr = UserSymbols.virtualAddress(libc, symbol.fileOffset()).orElseThrow();
        assertEquals(libc.symbol("getpid").orElseThrow().value(), vaddr);
    }

    @Test
    void namesFunctionsOfAnotherLibrary() {
        long launch = addressOf("libjli.so", "JLI_Launch");
        assertEquals("JLI_Launch+0x8 (libjli.so)", new UserSymbols().format(SELF, launch + 8));
    }

    @Test
    void unknownPlacesAreHex() {
        UserSymbols symbols = new UserSymbols();
        assertEquals("0x10", symbols.format(SELF, 0x10), "unmapped");
        assertEquals("0x7f00", symbols.format(Integer.MAX_VALUE, 0x7f00), "no such process");
        ProcessMaps maps = ProcessMaps.read(Path.of("/proc/self/maps")).orElseThrow();
        MappedRegion stack = maps.regions().stream().filter(r -> r.path().equals("[stack]")).findFirst()
                .orElseThrow();
        assertEquals(Addresses.hex(stack.start() + 8) + " ([stack])", symbols.format(SELF, stack.start() + 8));
    }

    @Test
    void parsesMapsLines() {
        ProcessMaps maps = ProcessMaps.parse(List.of(
                "55d0c2a00000-55d0c2a28000 r--p 00000000 08:01 1835 /usr/bin/true",
                "55d0c2a28000-55d0c2a40000 r-xp 00028000 08:01 1835 /usr/bin/true",
                "7ffd1a000000-7ffd1a021000 rw-p 00000000 00:00 0                          [stack]",
                "7f0000000000-7f0000001000 rw-p 00000000 00:00 0 ",
                "7f0000002000-7f0000003000 r-xp 00001000 08:01 99 /tmp/lib so (deleted)",
                "garbage"));
        assertEquals(5, maps.regions().size());
        MappedRegion text = maps.regionOf(0x55d0c2a28010L).orElseThrow();
        assertEquals(0x28010, text.fileOffsetOf(0x55d0c2a28010L));
        assertTrue(text.isFile());
        assertEquals("/tmp/lib so (deleted)", maps.regionOf(0x7f0000002000L).orElseThrow().path());
        assertTrue(maps.regionOf(0x7f0000001000L).isEmpty());
        assertTrue(maps.regionOf(0x7f0000000010L).map(r -> !r.isFile()).orElseThrow(), "anonymous");
    }
}
