package dev.polytrace.bpf.elf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteOrder;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every ELF class and byte order, on the hand-built {@link SampleElf} image. */
class ElfSyntheticTest {
    private static ElfFile sample(boolean is64, boolean littleEndian) {
        byte[] image = SampleElf.build(is64, littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        return ElfFile.parse(image, "sample");
    }

    @ParameterizedTest(name = "ELF64={0} little-endian={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void headerFieldsDecodeInEveryLayout(boolean is64, boolean littleEndian) {
        ElfFile elf = sample(is64, littleEndian);
        assertEquals(is64, elf.is64Bit());
        assertEquals(littleEndian, elf.isLittleEndian());
        assertEquals(ElfFile.ET_EXEC, elf.type());
        assertEquals(SampleElf.MACHINE, elf.machine());
        assertEquals(SampleElf.MAIN_ADDR, elf.entry());
        assertEquals("machine 8", ElfFile.machineName(elf.machine()));
    }

    @ParameterizedTest(name = "ELF64={0} little-endian={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void sectionsAndSegmentsDecodeInEveryLayout(boolean is64, boolean littleEndian) {
        ElfFile elf = sample(is64, littleEndian);
        assertEquals(List.of("", ".text", ".symtab", ".strtab", ".shstrtab", ".bss"),
                elf.sections().stream().map(ElfSection::name).toList());
        ElfSection text = elf.section(".text").orElseThrow();
        assertEquals(SampleElf.TEXT_ADDR, text.addr());
        assertEquals(SampleElf.textOffset(is64), text.offset());
        assertEquals(8, text.addralign());
        assertArrayEquals(new byte[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                elf.sectionData(text).orElseThrow());
        assertEquals(16, elf.sectionData(".bss").orElseThrow().length);

        ElfProgramHeader load = elf.programHeaders().get(0);
        assertEquals(new ElfProgramHeader(ElfProgramHeader.PT_LOAD, SampleElf.textOffset(is64), SampleElf.TEXT_ADDR,
                16, 32, ElfProgramHeader.PF_R | ElfProgramHeader.PF_X, 0x1000), load);
        assertTrue(load.isLoad() && load.isExecutable());
    }

    @ParameterizedTest(name = "ELF64={0} little-endian={1}")
    @CsvSource({"false,false", "false,true", "true,false", "true,true"})
    void symbolsAndAddressLookupsWorkInEveryLayout(boolean is64, boolean littleEndian) {
        ElfFile elf = sample(is64, littleEndian);
        assertEquals(List.of(
                new ElfSymbol("", 0, 0, ElfSymbol.Type.NOTYPE, ElfSymbol.Binding.LOCAL, 0),
                new ElfSymbol("helper", SampleElf.TEXT_ADDR, 4, ElfSymbol.Type.FUNC, ElfSymbol.Binding.LOCAL, 1),
                new ElfSymbol("main", SampleElf.MAIN_ADDR, 8, ElfSymbol.Type.FUNC, ElfSymbol.Binding.GLOBAL, 1)),
                elf.symbols());
        assertEquals("helper", elf.symbolAt(SampleElf.TEXT_ADDR + 3).orElseThrow().name());
        assertEquals("main", elf.symbolAt(SampleElf.MAIN_ADDR).orElseThrow().name());
        assertEquals("main", elf.symbolAt(SampleElf.MAIN_ADDR + 7).orElseThrow().name());
        assertTrue(elf.symbolAt(SampleElf.MAIN_ADDR + 8).isEmpty(), "one past the end of main");
        assertTrue(elf.symbolAt(SampleElf.TEXT_ADDR - 1).isEmpty());
    }

    @ParameterizedTest(name = "ELF64={0} little-endian={1}")
    @CsvSource({"false,false", "true,true"})
    void fileOffsetsComeFromTheLoadSegment(boolean is64, boolean littleEndian) {
        ElfFile elf = sample(is64, littleEndian);
        long textOffset = SampleElf.textOffset(is64);
        assertEquals(OptionalLong.of(textOffset + 4), elf.fileOffsetOf(SampleElf.MAIN_ADDR));
        assertEquals(OptionalLong.of(textOffset + 15), elf.fileOffsetOf(SampleElf.TEXT_ADDR + 15));
        assertEquals(OptionalLong.empty(), elf.fileOffsetOf(SampleElf.BSS_ADDR), "memsz beyond filesz has no file bytes");
        assertEquals(OptionalLong.empty(), elf.fileOffsetOf(SampleElf.TEXT_ADDR - 1));
    }
}
