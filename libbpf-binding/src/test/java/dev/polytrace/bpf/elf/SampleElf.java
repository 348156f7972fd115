package dev.polytrace.bpf.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds a small executable image in any ELF class and byte order, for the layouts no tool on
 * the test machine produces (ELF32, big-endian). Contents:
 * <pre>
 *   PT_LOAD  vaddr 0x10000, filesz 16, memsz 32, R+X, backed by .text
 *   [1] .text     PROGBITS addr 0x10000, 16 bytes 0x00..0x0f
 *   [2] .symtab   helper (LOCAL FUNC 0x10000, 4 bytes), main (GLOBAL FUNC 0x10004, 8 bytes)
 *   [3] .strtab   [4] .shstrtab
 *   [5] .bss      NOBITS addr 0x10010, 16 bytes
 * </pre>
 */
final class SampleElf {
    static final int MACHINE = 8; // MIPS: any value no test expects to be named
    static final long TEXT_ADDR = 0x10000;
    static final long MAIN_ADDR = 0x10004;
    static final long BSS_ADDR = 0x10010;

    private final boolean is64;
    private final ByteBuffer out;
    private final int ehdrSize;
    private final int phentsize;
    private final int shentsize;
    private final int symsize;

    private SampleElf(boolean is64, ByteOrder order, int size) {
        this.is64 = is64;
        this.out = ByteBuffer.allocate(size).order(order);
        this.ehdrSize = is64 ? 64 : 52;
        this.phentsize = is64 ? 56 : 32;
        this.shentsize = is64 ? 64 : 40;
        this.symsize = is64 ? 24 : 16;
    }

    static byte[] build(boolean is64, ByteOrder order) {
        return new SampleElf(is64, order, 4096).write();
    }

    /** Offset of the .text contents, which the PT_LOAD segment maps at {@link #TEXT_ADDR}. */
    static long textOffset(boolean is64) {
        return (is64 ? 64 : 52) + (is64 ? 56 : 32);
    }

    private byte[] write() {
        byte[] strtab = "\0main\0helper\0".getBytes(StandardCharsets.US_ASCII);
        byte[] shstrtab = "\0.text\0.symtab\0.strtab\0.shstrtab\0.bss\0".getBytes(StandardCharsets.US_ASCII);
        int textOff = ehdrSize + phentsize;
        int strOff = textOff + 16;
        int shstrOff = strOff + strtab.length;
        int symOff = align8(shstrOff + shstrtab.length);
        int shOff = align8(symOff + 3 * symsize);
        int total = shOff + 6 * shentsize;

        writeHeader(shOff);
        writeLoadSegment(ehdrSize, textOff);
        for (int i = 0; i < 16; i++) {
            out.put(textOff + i, (byte) i);
        }
        out.put(strOff, strtab);
        out.put(shstrOff, shstrtab);
        writeSymbol(symOff + symsize, 6, TEXT_ADDR, 4, 0x02, 1);         // helper: LOCAL FUNC
        writeSymbol(symOff + 2 * symsize, 1, MAIN_ADDR, 8, 0x12, 1);     // main: GLOBAL FUNC
        writeSection(shOff + shentsize, 1, 1, 0x6, TEXT_ADDR, textOff, 16, 0, 0, 0);
        writeSection(shOff + 2 * shentsize, 7, 2, 0, 0, symOff, 3L * symsize, 3, 2, symsize);
        writeSection(shOff + 3 * shentsize, 15, 3, 0, 0, strOff, strtab.length, 0, 0, 0);
        writeSection(shOff + 4 * shentsize, 23, 3, 0, 0, shstrOff, shstrtab.length, 0, 0, 0);
        writeSection(shOff + 5 * shentsize, 33, 8, 0x3, BSS_ADDR, shOff, 16, 0, 0, 0);
        byte[] image = new byte[total];
        out.get(0, image);
        return image;
    }

    private void writeHeader(int shOff) {
        out.put(0, new byte[] {0x7f, 'E', 'L', 'F', (byte) (is64 ? 2 : 1),
                (byte) (out.order() == ByteOrder.LITTLE_ENDIAN ? 1 : 2), 1});
        out.putShort(16, (short) ElfFile.ET_EXEC);
        out.putShort(18, (short) MACHINE);
        out.putInt(20, 1);
        int at = 24;
        at = word(at, MAIN_ADDR);   // e_entry
        at = word(at, ehdrSize);    // e_phoff
        at = word(at, shOff);       // e_shoff
        out.putInt(at, 0);          // e_flags
        out.putShort(at + 4, (short) ehdrSize);
        out.putShort(at + 6, (short) phentsize);
        out.putShort(at + 8, (short) 1);
        out.putShort(at + 10, (short) shentsize);
        out.putShort(at + 12, (short) 6);
        out.putShort(at + 14, (short) 4);
    }

    private void writeLoadSegment(int at, int textOff) {
        int flags = ElfProgramHeader.PF_R | ElfProgramHeader.PF_X;
        out.putInt(at, ElfProgramHeader.PT_LOAD);
        if (is64) {
            out.putInt(at + 4, flags);
            out.putLong(at + 8, textOff);
            out.putLong(at + 16, TEXT_ADDR);
            out.putLong(at + 24, TEXT_ADDR);
            out.putLong(at + 32, 16);
            out.putLong(at + 40, 32);
            out.putLong(at + 48, 0x1000);
        } else {
            out.putInt(at + 4, textOff);
            out.putInt(at + 8, (int) TEXT_ADDR);
            out.putInt(at + 12, (int) TEXT_ADDR);
            out.putInt(at + 16, 16);
            out.putInt(at + 20, 32);
            out.putInt(at + 24, flags);
            out.putInt(at + 28, 0x1000);
        }
    }

    private void writeSymbol(int at, int name, long value, long size, int info, int shndx) {
        out.putInt(at, name);
        if (is64) {
            out.put(at + 4, (byte) info);
            out.putShort(at + 6, (short) shndx);
            out.putLong(at + 8, value);
            out.putLong(at + 16, size);
        } else {
            out.putInt(at + 4, (int) value);
            out.putInt(at + 8, (int) size);
            out.put(at + 12, (byte) info);
            out.putShort(at + 14, (short) shndx);
        }
    }

    private void writeSection(int at, int name, int type, long flags, long addr, long offset, long size, int link,
                              int info, long entsize) {
        out.putInt(at, name);
        out.putInt(at + 4, type);
        int next = word(at + 8, flags);
        next = word(next, addr);
        next = word(next, offset);
        next = word(next, size);
        out.putInt(next, link);
        out.putInt(next + 4, info);
        next = word(next + 8, 8);   // sh_addralign
        word(next, entsize);
    }

    /** Writes a 64-bit field on ELF64, a 32-bit one on ELF32; returns the next offset. */
    private int word(int at, long value) {
        if (is64) {
            out.putLong(at, value);
            return at + 8;
        }
        out.putInt(at, (int) value);
        return at + 4;
    }

    private static int align8(int n) {
        return (n + 7) & ~7;
    }
}
