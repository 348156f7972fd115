package dev.polytrace.bpf.elf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Real host binaries: the dynamic symbols, segments and address lookups that uprobes and symbolization use. */
class ElfSystemBinaryTest {
    private static final Path LIBC = Path.of("/usr/lib/x86_64-linux-gnu/libc.so.6");
    private static final Path TRUE = Path.of("/bin/true");
    private static ElfFile libc;

    @BeforeAll
    static void readLibc() {
        assumeTrue(Files.isReadable(LIBC), "x86-64 glibc not installed at " + LIBC);
        libc = ElfFile.read(LIBC);
    }

    @Test
    void libcIsASharedX86_64Object() {
        assertEquals(ElfFile.EM_X86_64, libc.machine());
        assertEquals(ElfFile.ET_DYN, libc.type());
        assertTrue(libc.programHeaders().stream().anyMatch(p -> p.isLoad() && p.isExecutable()));
        assertEquals(libc.section(".symtab").isPresent(), !libc.symbols().isEmpty());
        assertFalse(libc.dynamicSymbols().isEmpty());
    }

    @Test
    void symbolAtPrefersThePublicAliasOfGetpid() {
        ElfSymbol getpid = libc.dynamicSymbols().stream().filter(s -> s.name().equals("getpid")).findFirst().orElseThrow();
        assertEquals(ElfSymbol.Type.FUNC, getpid.type());
        assertTrue(getpid.size() > 0);
        // glibc also exports __getpid at the same address; the public name must win.
        assertTrue(libc.dynamicSymbols().stream().anyMatch(s -> s.name().equals("__getpid") && s.value() == getpid.value()));
        assertEquals("getpid", libc.symbolAt(getpid.value()).orElseThrow().name());
        assertEquals("getpid", libc.symbolAt(getpid.value() + getpid.size() - 1).orElseThrow().name());
        assertTrue(libc.symbolAt(getpid.value() + getpid.size()).map(s -> !s.name().endsWith("getpid")).orElse(true));
    }

    @Test
    void everyDefinedFunctionIsFoundAtItsOwnAddress() {
        int checked = 0;
        for (ElfSymbol s : libc.dynamicSymbols()) {
            if (s.isFunction() && s.isDefined() && s.size() > 0) {
                ElfSymbol found = libc.symbolAt(s.value() + s.size() / 2).orElseThrow(() -> new AssertionError(s.name()));
                assertTrue(found.value() <= s.value() + s.size() / 2 && s.value() + s.size() / 2 < found.value() + found.size(),
                        s.name() + " resolved to " + found);
                checked++;
            }
        }
        assertTrue(checked > 1000, "libc exports thousands of functions, found " + checked);
    }

    @Test
    void fileOffsetOfAgreesWithTheSectionHoldingTheCode() {
        ElfSymbol getpid = libc.symbol("getpid").orElseThrow();
        ElfSection text = libc.sections().get(getpid.sectionIndex());
        assertEquals(".text", text.name());
        long viaSection = text.offset() + (getpid.value() - text.addr());
        assertEquals(OptionalLong.of(viaSection), libc.fileOffsetOf(getpid.value()));

        ElfSection bss = libc.section(".bss").orElseThrow();
        assertEquals(OptionalLong.empty(), libc.fileOffsetOf(bss.addr() + 8), ".bss has no file contents");
    }

    @Test
    void fileOffsetOfPointsAtTheFunctionsMachineCode() throws Exception {
        byte[] raw = Files.readAllBytes(LIBC);
        ElfSymbol getpid = libc.symbol("getpid").orElseThrow();
        ElfSection text = libc.section(".text").orElseThrow();
        ByteBuffer code = libc.sectionBuffer(text);
        int inSection = (int) (getpid.value() - text.addr());
        byte[] viaSection = new byte[(int) getpid.size()];
        code.get(inSection, viaSection);
        int offset = (int) libc.fileOffsetOf(getpid.value()).orElseThrow();
        assertTrue(Arrays.equals(viaSection, Arrays.copyOfRange(raw, offset, offset + viaSection.length)));
    }

    @Test
    void binTrueHasItsEntryPointInAnExecutableSegment() {
        assumeTrue(Files.isReadable(TRUE));
        ElfFile elf = ElfFile.read(TRUE);
        assertEquals(ElfFile.EM_X86_64, elf.machine());
        assertTrue(elf.type() == ElfFile.ET_DYN || elf.type() == ElfFile.ET_EXEC);
        long entry = elf.entry();
        assertTrue(elf.programHeaders().stream().anyMatch(p -> p.isLoad() && p.isExecutable() && p.containsFileBacked(entry)));
        assertTrue(elf.fileOffsetOf(entry).isPresent());
    }
}
