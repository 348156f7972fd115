package dev.polytrace.bpf.elf;

import dev.polytrace.bpf.BpfFormatException;

/** The fields of the ELF file header the reader needs, decoded and checked for plausibility. */
record ElfHeader(boolean is64, boolean littleEndian, int type, int machine, long entry, long phoff, long shoff,
                 long flags, int phentsize, int phnum, int shentsize, int shnum, int shstrndx) {
    static final int ELF32_HEADER_SIZE = 52;
    static final int ELF64_HEADER_SIZE = 64;
    private static final int IDENT_SIZE = 16;
    private static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};

    static ElfHeader parse(byte[] bytes, String origin) {
        checkMagic(bytes, origin);
        if (bytes.length < IDENT_SIZE) {
            throw ElfFile.formatError(origin, "truncated: ELF identification needs " + IDENT_SIZE
                    + " bytes, file has " + bytes.length);
        }
        boolean is64 = elfClass(bytes[4], origin);
        boolean littleEndian = dataEncoding(bytes[5], origin);
        if (bytes[6] != 1) {
            throw ElfFile.formatError(origin, "unsupported ELF version " + (bytes[6] & 0xff) + " (expected 1)");
        }
        ElfBytes in = new ElfBytes(bytes, littleEndian, origin);
        int headerSize = is64 ? ELF64_HEADER_SIZE : ELF32_HEADER_SIZE;
        in.require(0, headerSize, is64 ? "ELF64 header" : "ELF32 header");
        return is64 ? read64(in, littleEndian) : read32(in, littleEndian);
    }

    private static ElfHeader read64(ElfBytes in, boolean littleEndian) {
        checkHeaderSize(in, in.u16(52), ELF64_HEADER_SIZE);
        return new ElfHeader(true, littleEndian, in.u16(16), in.u16(18),
                in.u64(24), in.u64(32), in.u64(40), in.u32(48), in.u16(54), in.u16(56), in.u16(58),
                in.u16(60), in.u16(62));
    }

    private static ElfHeader read32(ElfBytes in, boolean littleEndian) {
        checkHeaderSize(in, in.u16(40), ELF32_HEADER_SIZE);
        return new ElfHeader(false, littleEndian, in.u16(16), in.u16(18),
                in.u32(24), in.u32(28), in.u32(32), in.u32(36), in.u16(42), in.u16(44), in.u16(46),
                in.u16(48), in.u16(50));
    }

    private static void checkHeaderSize(ElfBytes in, int ehsize, int expected) {
        if (ehsize < expected) {
            throw in.error("header size e_ehsize=" + ehsize + " is smaller than the " + expected + "-byte ELF"
                    + (expected == ELF64_HEADER_SIZE ? "64" : "32") + " header");
        }
    }

    private static void checkMagic(byte[] bytes, String origin) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (i >= bytes.length || bytes[i] != MAGIC[i]) {
                throw ElfFile.formatError(origin, "not an ELF file (" + describeStart(bytes) + ")");
            }
        }
    }

    private static String describeStart(byte[] bytes) {
        if (bytes.length == 0) {
            return "file is empty";
        }
        StringBuilder sb = new StringBuilder("starts with");
        for (int i = 0; i < Math.min(8, bytes.length); i++) {
            sb.append(' ').append(String.format("%02x", bytes[i] & 0xff));
        }
        return sb.append(bytes.length > 8 ? " ..." : "").toString();
    }

    private static boolean elfClass(byte code, String origin) {
        return switch (code) {
            case 1 -> false;
            case 2 -> true;
            default -> throw unsupported(origin, "ELF class", code, "1 for ELF32 or 2 for ELF64");
        };
    }

    private static boolean dataEncoding(byte code, String origin) {
        return switch (code) {
            case 1 -> true;
            case 2 -> false;
            default -> throw unsupported(origin, "ELF data encoding", code, "1 for little- or 2 for big-endian");
        };
    }

    private static BpfFormatException unsupported(String origin, String what, byte code, String expected) {
        return ElfFile.formatError(origin, "unsupported " + what + " " + (code & 0xff) + " (expected " + expected + ")");
    }
}
