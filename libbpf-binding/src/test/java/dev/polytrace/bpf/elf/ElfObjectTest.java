package dev.polytrace.bpf.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.BpfFormatException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The compiled test object btf_kinds.bpf.o; expected values were checked with readelf -S -s. */
class ElfObjectTest {
    private final ElfFile elf = TestObjects.btfKindsElf();

    @Test
    void headerDescribesARelocatableLittleEndianBpfObject() {
        assertEquals(ElfFile.EM_BPF, elf.machine());
        assertEquals(ElfFile.ET_REL, elf.type());
        assertTrue(elf.is64Bit());
        assertTrue(elf.isLittleEndian());
        assertEquals(ByteOrder.LITTLE_ENDIAN, elf.byteOrder());
        assertTrue(elf.programHeaders().isEmpty(), "objects have no segments");
        elf.requireMachine(ElfFile.EM_BPF, "BPF");
    }

    @Test
    void requireMachineNamesBothArchitectures() {
        BpfFormatException e = assertThrows(BpfFormatException.class,
                () -> elf.requireMachine(ElfFile.EM_X86_64, "x86-64"));
        assertEquals("ELF check(btf_kinds.bpf.o) failed: wrong architecture: BPF object, expected x86-64", e.getMessage());
    }

    @Test
    void sectionsCarryNamesTypesAndIndexes() {
        ElfSection btf = elf.section(".BTF").orElseThrow();
        assertEquals(ElfSection.SHT_PROGBITS, btf.type());
        assertEquals(btf, elf.sections().get(btf.index()));
        assertEquals(ElfSection.SHT_NULL, elf.sections().get(0).type());
        assertTrue(elf.section(".text").orElseThrow().isExecutable());
        assertTrue(elf.section(".data").orElseThrow().isWritable());
        assertTrue(elf.section(".rodata").orElseThrow().isAllocated());
        assertFalse(elf.section(".rodata").orElseThrow().isWritable());
        ElfSection symtab = elf.section(".symtab").orElseThrow();
        assertEquals(ElfSection.SHT_SYMTAB, symtab.type());
        assertEquals(24, symtab.entsize());
        assertEquals(".strtab", elf.sections().get(symtab.link()).name());
        assertTrue(elf.section("tracepoint/syscalls/sys_enter_getppid").isPresent());
        assertTrue(elf.section(".nope").isEmpty());
        assertTrue(elf.sectionData(".nope").isEmpty());
    }

    @Test
    void rodataHoldsTheInitialValuesOfConstVolatileGlobals() {
        byte[] rodata = elf.sectionData(".rodata").orElseThrow();
        assertEquals(36, rodata.length);
        ByteBuffer b = ByteBuffer.wrap(rodata).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(5, b.getInt(0), "min_duration_ms");
        assertEquals(1, b.get(4), "verbose");
        assertEquals("bash", new String(rodata, 5, 4, StandardCharsets.US_ASCII), "comm_filter");
        assertEquals(0, rodata[9], "comm_filter is NUL-padded");
        assertEquals(1_000_000L, b.getLong(24), "threshold_ns");
    }

    @Test
    void bssIsNobitsAndReadsAsZeros() {
        ElfSection bss = elf.section(".bss").orElseThrow();
        assertEquals(ElfSection.SHT_NOBITS, bss.type());
        assertFalse(bss.hasFileContents());
        byte[] data = elf.sectionData(bss).orElseThrow();
        assertEquals(224, data.length);
        assertTrue(Arrays.equals(new byte[224], data));
        assertEquals(0, elf.sectionBuffer(bss).remaining());
    }

    @Test
    void sectionBufferIsAReadOnlyViewOfTheSameBytes() {
        ElfSection data = elf.section(".data").orElseThrow();
        ByteBuffer view = elf.sectionBuffer(data);
        assertTrue(view.isReadOnly());
        assertEquals(ByteOrder.LITTLE_ENDIAN, view.order());
        byte[] copy = new byte[view.remaining()];
        view.get(copy);
        assertArrayEquals(elf.sectionData(data).orElseThrow(), copy);
        assertEquals(-32, ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN).getInt(8), "data_s32");
    }

    @Test
    void sectionDataRejectsASectionOfAnotherFile() {
        ElfSection foreign = new ElfSection(1, ".text", ElfSection.SHT_PROGBITS, 0, 0, 0, 4, 0, 0, 0, 0);
        assertTrue(elf.sectionData(foreign).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> elf.sectionBuffer(foreign));
    }

    @Test
    void symbolsCoverFunctionsObjectsLocalsAndExterns() {
        int textIndex = elf.section(".text").orElseThrow().index();
        ElfSymbol twice = elf.symbol("twice").orElseThrow();
        assertEquals(new ElfSymbol("twice", 0x30, 24, ElfSymbol.Type.FUNC, ElfSymbol.Binding.LOCAL, textIndex), twice);

        ElfSymbol prog = elf.symbol("handle_getppid").orElseThrow();
        assertEquals(ElfSymbol.Binding.GLOBAL, prog.binding());
        assertEquals("tracepoint/syscalls/sys_enter_getppid", elf.sections().get(prog.sectionIndex()).name());

        ElfSymbol counter = elf.symbol("static_counter").orElseThrow();
        assertEquals(ElfSymbol.Type.OBJECT, counter.type());
        assertEquals(ElfSymbol.Binding.LOCAL, counter.binding());
        assertEquals(136, counter.value());
        assertEquals(".bss", elf.sections().get(counter.sectionIndex()).name());

        ElfSymbol kconfig = elf.symbols().stream().filter(s -> s.name().equals("LINUX_KERNEL_VERSION")).findFirst()
                .orElseThrow();
        assertFalse(kconfig.isDefined());
        assertTrue(elf.symbol("LINUX_KERNEL_VERSION").isEmpty(), "symbol() only finds definitions");
        assertEquals(50, elf.symbols().size());
        assertTrue(elf.dynamicSymbols().isEmpty());
    }
}
