package dev.polytrace.bpf.elf;

/**
 * One program header (segment). Unsigned values are widened to {@code long}.
 *
 * @param type   p_type, e.g. {@link #PT_LOAD}
 * @param offset file offset of the segment's contents
 * @param vaddr  virtual address of the segment when loaded
 * @param filesz bytes taken from the file
 * @param memsz  bytes in memory (the rest, past filesz, is zero-filled)
 * @param flags  p_flags, a combination of {@link #PF_R}, {@link #PF_W}, {@link #PF_X}
 * @param align  required alignment
 */
public record ElfProgramHeader(int type, long offset, long vaddr, long filesz, long memsz, int flags, long align) {
    public static final int PT_NULL = 0;
    public static final int PT_LOAD = 1;
    public static final int PT_DYNAMIC = 2;
    public static final int PT_INTERP = 3;
    public static final int PT_NOTE = 4;
    public static final int PT_PHDR = 6;
    public static final int PT_TLS = 7;

    public static final int PF_X = 0x1;
    public static final int PF_W = 0x2;
    public static final int PF_R = 0x4;

    public boolean isLoad() {
        return type == PT_LOAD;
    }

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }

    /** Whether {@code address} falls in the part of this segment backed by file contents. */
    public boolean containsFileBacked(long address) {
        return Long.compareUnsigned(address, vaddr) >= 0 && Long.compareUnsigned(address - vaddr, filesz) < 0;
    }
}
