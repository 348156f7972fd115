package dev.polytrace.bpf.elf;

import java.util.ArrayList;
import java.util.List;

/** Decodes a SYMTAB or DYNSYM section into {@link ElfSymbol}s. */
final class ElfSymbolTable {
    private static final int SYM32_SIZE = 16;
    private static final int SYM64_SIZE = 24;

    private ElfSymbolTable() {
    }

    static List<ElfSymbol> read(ElfBytes in, boolean is64, List<ElfSection> sections, ElfSection table) {
        int entrySize = is64 ? SYM64_SIZE : SYM32_SIZE;
        long stride = table.entsize() == 0 ? entrySize : table.entsize();
        if (stride < entrySize) {
            throw in.error("symbol table " + table.name() + " has entry size " + table.entsize() + ", expected at least "
                    + entrySize);
        }
        ElfSection strings = stringTable(in, sections, table);
        long count = table.size() / stride;
        List<ElfSymbol> symbols = new ArrayList<>((int) count); // count <= file size / 16
        for (long i = 0; i < count; i++) {
            long at = table.offset() + i * stride;
            symbols.add(is64 ? read64(in, strings, at) : read32(in, strings, at));
        }
        return List.copyOf(symbols);
    }

    private static ElfSection stringTable(ElfBytes in, List<ElfSection> sections, ElfSection table) {
        int link = table.link();
        if (link <= 0 || link >= sections.size() || !sections.get(link).hasFileContents()) {
            throw in.error("symbol table " + table.name() + " links to section " + Integer.toUnsignedString(link)
                    + ", which is not a string table in this file");
        }
        return sections.get(link);
    }

    private static ElfSymbol read64(ElfBytes in, ElfSection strings, long at) {
        int info = in.u8(at + 4);
        return new ElfSymbol(name(in, strings, in.u32(at)), in.u64(at + 8), in.u64(at + 16),
                ElfSymbol.Type.of(info & 0xf), ElfSymbol.Binding.of(info >>> 4), in.u16(at + 6));
    }

    private static ElfSymbol read32(ElfBytes in, ElfSection strings, long at) {
        int info = in.u8(at + 12);
        return new ElfSymbol(name(in, strings, in.u32(at)), in.u32(at + 4), in.u32(at + 8),
                ElfSymbol.Type.of(info & 0xf), ElfSymbol.Binding.of(info >>> 4), in.u16(at + 14));
    }

    private static String name(ElfBytes in, ElfSection strings, long offset) {
        return offset == 0 ? "" : in.cString(strings.offset(), strings.size(), offset, strings.name() + " (symbol names)");
    }
}
