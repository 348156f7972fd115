package dev.polytrace.bpf.elf;

import java.util.ArrayList;
import java.util.List;

/** Reads the program header table and checks each segment's file contents lie in the file. */
final class ElfProgramHeaderTable {
    private static final int PHDR32_SIZE = 32;
    private static final int PHDR64_SIZE = 56;

    private ElfProgramHeaderTable() {
    }

    static List<ElfProgramHeader> read(ElfBytes in, ElfHeader header, int count) {
        if (header.phoff() == 0 || count == 0) {
            return List.of();
        }
        int entrySize = header.is64() ? PHDR64_SIZE : PHDR32_SIZE;
        if (header.phentsize() < entrySize) {
            throw in.error("program header entry size e_phentsize=" + header.phentsize() + " is smaller than "
                    + entrySize + " bytes");
        }
        in.require(header.phoff(), (long) count * header.phentsize(), "program header table");
        List<ElfProgramHeader> headers = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ElfProgramHeader ph = readOne(in, header, header.phoff() + (long) i * header.phentsize());
            if (ph.filesz() != 0) {
                in.require(ph.offset(), ph.filesz(), "segment " + i);
            }
            headers.add(ph);
        }
        return List.copyOf(headers);
    }

    private static ElfProgramHeader readOne(ElfBytes in, ElfHeader header, long at) {
        if (header.is64()) {
            return new ElfProgramHeader(in.u32AsInt(at), in.u64(at + 8), in.u64(at + 16), in.u64(at + 32),
                    in.u64(at + 40), in.u32AsInt(at + 4), in.u64(at + 48));
        }
        return new ElfProgramHeader(in.u32AsInt(at), in.u32(at + 4), in.u32(at + 8), in.u32(at + 16),
                in.u32(at + 20), in.u32AsInt(at + 24), in.u32(at + 28));
    }
}
