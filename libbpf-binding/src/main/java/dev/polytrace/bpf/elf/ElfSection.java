package dev.polytrace.bpf.elf;

/**
 * One section header. Offsets and sizes are unsigned values widened to {@code long};
 * {@link ElfFile} has already checked that every section with file contents lies in the file.
 *
 * @param index     position in the section header table (0 is the reserved null section)
 * @param name      the name from the section header string table, "" when unnamed
 * @param type      sh_type, e.g. {@link #SHT_PROGBITS}
 * @param flags     sh_flags, e.g. {@link #SHF_ALLOC}
 * @param addr      virtual address when loaded, 0 in relocatable objects
 * @param offset    file offset of the contents
 * @param size      size in bytes (in memory for {@link #SHT_NOBITS}, which has no file contents)
 * @param link      sh_link, e.g. the string table of a symbol table
 * @param info      sh_info, e.g. the section a relocation section applies to
 * @param entsize   size of one entry for table sections, otherwise 0
 * @param addralign required alignment of the section's address
 */
public record ElfSection(int index, String name, int type, long flags, long addr, long offset, long size,
                         int link, int info, long entsize, long addralign) {
    public static final int SHT_NULL = 0;
    public static final int SHT_PROGBITS = 1;
    public static final int SHT_SYMTAB = 2;
    public static final int SHT_STRTAB = 3;
    public static final int SHT_RELA = 4;
    public static final int SHT_HASH = 5;
    public static final int SHT_DYNAMIC = 6;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_REL = 9;
    public static final int SHT_DYNSYM = 11;

    public static final long SHF_WRITE = 0x1;
    public static final long SHF_ALLOC = 0x2;
    public static final long SHF_EXECINSTR = 0x4;

    /** Whether the section occupies bytes in the file (everything but NULL and NOBITS). */
    public boolean hasFileContents() {
        return type != SHT_NULL && type != SHT_NOBITS;
    }

    public boolean isAllocated() {
        return (flags & SHF_ALLOC) != 0;
    }

    public boolean isExecutable() {
        return (flags & SHF_EXECINSTR) != 0;
    }

    public boolean isWritable() {
        return (flags & SHF_WRITE) != 0;
    }
}
