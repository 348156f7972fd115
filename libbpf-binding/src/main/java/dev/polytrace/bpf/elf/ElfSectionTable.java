package dev.polytrace.bpf.elf;

import java.util.ArrayList;
import java.util.List;

/** Reads the section header table, resolves section names and checks each section lies in the file. */
final class ElfSectionTable {
    private static final int SHDR32_SIZE = 40;
    private static final int SHDR64_SIZE = 64;
    private static final int SHN_XINDEX = 0xffff;

    private final ElfBytes in;
    private final ElfHeader header;
    private final int entrySize;

    private ElfSectionTable(ElfBytes in, ElfHeader header) {
        this.in = in;
        this.header = header;
        this.entrySize = header.is64() ? SHDR64_SIZE : SHDR32_SIZE;
    }

    /** All sections in header order, index 0 included; empty when the file has no section table. */
    static List<ElfSection> read(ElfBytes in, ElfHeader header) {
        return new ElfSectionTable(in, header).read();
    }

    /**
     * The program header count, which moves into section 0's sh_info when it does not fit
     * e_phnum (PN_XNUM, 0xffff).
     */
    static int programHeaderCount(ElfHeader header, List<ElfSection> sections) {
        if (header.phnum() != SHN_XINDEX || sections.isEmpty()) {
            return header.phnum();
        }
        return sections.get(0).info();
    }

    private List<ElfSection> read() {
        if (header.shoff() == 0) {
            return List.of();
        }
        if (header.shentsize() < entrySize) {
            throw in.error("section header entry size e_shentsize=" + header.shentsize() + " is smaller than "
                    + entrySize + " bytes");
        }
        long count = header.shnum();
        if (count == 0) { // extended numbering: the count is in section 0's sh_size
            in.require(header.shoff(), header.shentsize(), "section header table");
            count = readRaw(0, "").size();
        }
        if (count < 0 || count > in.length() / header.shentsize()) {
            throw in.error("truncated: section header table at offset " + Long.toUnsignedString(header.shoff())
                    + " has " + Long.toUnsignedString(count) + " entries of " + header.shentsize()
                    + " bytes, file has " + in.length());
        }
        in.require(header.shoff(), count * header.shentsize(), "section header table");
        ElfSection first = readRaw(0, "");
        int nameIndex = header.shstrndx() == SHN_XINDEX ? first.link() : header.shstrndx();
        return resolveNames((int) count, nameIndex);
    }

    private List<ElfSection> resolveNames(int count, int nameIndex) {
        ElfSection names = null;
        if (nameIndex != 0) {
            if (nameIndex < 0 || nameIndex >= count) {
                throw in.error("section name table index " + Integer.toUnsignedString(nameIndex)
                        + " is outside the " + count + " sections");
            }
            names = readRaw(nameIndex, "");
            // Checked whatever its type claims: the names are read from the file either way.
            in.require(names.offset(), names.size(), "section name table (section " + nameIndex + ")");
        }
        List<ElfSection> sections = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ElfSection raw = readRaw(i, "");
            String name = names == null ? ""
                    : in.cString(names.offset(), names.size(), nameOffset(i), "section name table");
            ElfSection section = withName(raw, name);
            requireContents(section, "section " + i + (name.isEmpty() ? "" : " (" + name + ")"));
            sections.add(section);
        }
        return List.copyOf(sections);
    }

    private void requireContents(ElfSection section, String what) {
        if (section.hasFileContents()) {
            in.require(section.offset(), section.size(), what);
        }
    }

    private long entryOffset(int index) {
        return header.shoff() + (long) index * header.shentsize();
    }

    private long nameOffset(int index) {
        return in.u32(entryOffset(index));
    }

    private ElfSection readRaw(int index, String name) {
        long at = entryOffset(index);
        if (header.is64()) {
            return new ElfSection(index, name, in.u32AsInt(at + 4), in.u64(at + 8), in.u64(at + 16),
                    in.u64(at + 24), in.u64(at + 32), in.u32AsInt(at + 40), in.u32AsInt(at + 44),
                    in.u64(at + 56), in.u64(at + 48));
        }
        return new ElfSection(index, name, in.u32AsInt(at + 4), in.u32(at + 8), in.u32(at + 12),
                in.u32(at + 16), in.u32(at + 20), in.u32AsInt(at + 24), in.u32AsInt(at + 28),
                in.u32(at + 36), in.u32(at + 32));
    }

    private static ElfSection withName(ElfSection s, String name) {
        return new ElfSection(s.index(), name, s.type(), s.flags(), s.addr(), s.offset(), s.size(), s.link(),
                s.info(), s.entsize(), s.addralign());
    }
}
