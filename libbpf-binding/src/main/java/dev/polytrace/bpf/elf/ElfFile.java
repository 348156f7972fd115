package dev.polytrace.bpf.elf;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.BpfFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed ELF file (ELF32 or ELF64, either byte order): header, sections, program headers and
 * symbols. Parsing checks that the header, both header tables and every section and segment lie
 * within the file, so later reads cannot run past its end; malformed input fails with a
 * {@link BpfFormatException} naming the file and the offending structure. Instances are
 * immutable and thread-safe; symbol tables are decoded on first use.
 */
public final class ElfFile {
    public static final int ET_NONE = 0;
    public static final int ET_REL = 1;
    public static final int ET_EXEC = 2;
    public static final int ET_DYN = 3;
    public static final int ET_CORE = 4;

    public static final int EM_386 = 3;
    public static final int EM_ARM = 40;
    public static final int EM_X86_64 = 62;
    public static final int EM_AARCH64 = 183;
    public static final int EM_RISCV = 243;
    public static final int EM_BPF = 247;

    /** Largest NOBITS section {@link #sectionData(ElfSection)} zero-fills: 256 MiB. */
    public static final long MAX_NOBITS_COPY = 256L << 20;

    private final String origin;
    private final ElfHeader header;
    private final ElfBytes bytes;
    private final List<ElfSection> sections;
    private final List<ElfProgramHeader> programHeaders;
    private final Lazy<List<ElfSymbol>> symbols = new Lazy<>(() -> readSymbols(ElfSection.SHT_SYMTAB));
    private final Lazy<List<ElfSymbol>> dynamicSymbols = new Lazy<>(() -> readSymbols(ElfSection.SHT_DYNSYM));
    private final Lazy<ElfAddressIndex> addressIndex = new Lazy<>(this::buildAddressIndex);

    private ElfFile(byte[] data, String origin) {
        this.origin = origin;
        this.header = ElfHeader.parse(data, origin);
        this.bytes = new ElfBytes(data, header.littleEndian(), origin);
        this.sections = ElfSectionTable.read(bytes, header);
        this.programHeaders = ElfProgramHeaderTable.read(bytes, header,
                ElfSectionTable.programHeaderCount(header, sections));
    }

    /**
     * Parses an ELF image held in memory. The array is kept, not copied: do not modify it afterwards.
     *
     * @param origin a file name or label, used only in error messages
     */
    public static ElfFile parse(byte[] bytes, String origin) {
        return new ElfFile(bytes, origin);
    }

    /** Reads and parses a file; I/O failures become a {@link BpfException} with the matching errno. */
    public static ElfFile read(Path path) {
        byte[] data;
        try {
            data = Files.readAllBytes(path);
        } catch (IOException e) {
            throw BpfException.reading("ELF read(" + path + ")", e, null);
        }
        return parse(data, path.toString());
    }

    /** The file name or label given when parsing. */
    public String origin() {
        return origin;
    }

    /** e_machine, e.g. {@link #EM_BPF} or {@link #EM_X86_64}. */
    public int machine() {
        return header.machine();
    }

    /** e_type: {@link #ET_REL} for objects, {@link #ET_EXEC} or {@link #ET_DYN} for executables and libraries. */
    public int type() {
        return header.type();
    }

    public boolean is64Bit() {
        return header.is64();
    }

    public boolean isLittleEndian() {
        return header.littleEndian();
    }

    public ByteOrder byteOrder() {
        return header.littleEndian() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    /** e_entry, the entry point address (0 when there is none). */
    public long entry() {
        return header.entry();
    }

    /** Fails unless the file is for {@code machine}; {@code what} names the expected target, e.g. "BPF". */
    public void requireMachine(int machine, String what) {
        if (header.machine() != machine) {
            throw new BpfFormatException("ELF check(" + origin + ")",
                    "wrong architecture: " + machineName(header.machine()) + " object, expected " + what);
        }
    }

    /** A readable name for an e_machine value: "x86-64", "BPF", "AArch64", or "machine 42". */
    public static String machineName(int machine) {
        return switch (machine) {
            case EM_386 -> "i386";
            case EM_ARM -> "ARM";
            case EM_X86_64 -> "x86-64";
            case EM_AARCH64 -> "AArch64";
            case EM_RISCV -> "RISC-V";
            case EM_BPF -> "BPF";
            default -> "machine " + machine;
        };
    }

    /** All sections in header order, including the null section at index 0. */
    public List<ElfSection> sections() {
        return sections;
    }

    /** The first section with that name. */
    public Optional<ElfSection> section(String name) {
        for (ElfSection s : sections) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /**
     * A copy of the section's contents (zeros for NOBITS), or empty if it is not a section of this
     * file. A NOBITS section larger than {@value #MAX_NOBITS_COPY} bytes is refused as implausible.
     */
    public Optional<byte[]> sectionData(ElfSection section) {
        if (!isOwnSection(section)) {
            return Optional.empty();
        }
        if (!section.hasFileContents()) {
            long size = section.type() == ElfSection.SHT_NOBITS ? section.size() : 0;
            if (size < 0 || size > MAX_NOBITS_COPY) {
                throw formatError(origin, "section " + section.name() + " is too large to copy ("
                        + Long.toUnsignedString(size) + " bytes)");
            }
            return Optional.of(new byte[(int) size]);
        }
        return Optional.of(bytes.copy(section.offset(), section.size()));
    }

    /** A copy of the contents of the first section with that name. */
    public Optional<byte[]> sectionData(String name) {
        return section(name).flatMap(this::sectionData);
    }

    /**
     * A read-only view of the section's file contents, in the file's byte order, without copying.
     * NOBITS and NULL sections give an empty buffer.
     */
    public ByteBuffer sectionBuffer(ElfSection section) {
        if (!isOwnSection(section)) {
            throw new IllegalArgumentException("section " + section.index() + " (" + section.name()
                    + ") is not a section of " + origin);
        }
        int size = section.hasFileContents() ? (int) section.size() : 0;
        int offset = section.hasFileContents() ? (int) section.offset() : 0;
        return ByteBuffer.wrap(bytes.array(), offset, size).slice().asReadOnlyBuffer().order(byteOrder());
    }

    /** Program headers (segments); empty for relocatable objects. */
    public List<ElfProgramHeader> programHeaders() {
        return programHeaders;
    }

    /** Symbols of {@code .symtab}; empty when the file has none (stripped binaries). */
    public List<ElfSymbol> symbols() {
        return symbols.get();
    }

    /** Symbols of {@code .dynsym}; empty for files that are not dynamically linked. */
    public List<ElfSymbol> dynamicSymbols() {
        return dynamicSymbols.get();
    }

    /**
     * The file offset at which the byte for virtual address {@code vaddr} is stored: through the
     * PT_LOAD segment containing it, or for files without segments through the allocated
     * section containing it. Empty when no file contents back the address (e.g. {@code .bss}).
     */
    public OptionalLong fileOffsetOf(long vaddr) {
        if (!programHeaders.isEmpty()) {
            for (ElfProgramHeader ph : programHeaders) {
                if (ph.isLoad() && ph.containsFileBacked(vaddr)) {
                    return OptionalLong.of(ph.offset() + (vaddr - ph.vaddr()));
                }
            }
            return OptionalLong.empty();
        }
        for (ElfSection s : sections) {
            if (s.isAllocated() && s.hasFileContents() && Long.compareUnsigned(vaddr, s.addr()) >= 0
                    && Long.compareUnsigned(vaddr - s.addr(), s.size()) < 0) {
                return OptionalLong.of(s.offset() + (vaddr - s.addr()));
            }
        }
        return OptionalLong.empty();
    }

    /**
     * The function symbol (from {@code .symtab} and {@code .dynsym}) whose range contains
     * {@code vaddr}, an address in the file's own (unrelocated) address space. Among aliases
     * at one address the most public-looking name wins ({@code getpid} over {@code __getpid}).
     */
    public Optional<ElfSymbol> symbolAt(long vaddr) {
        return addressIndex.get().symbolAt(vaddr);
    }

    /** The first defined symbol with that name, from {@code .symtab} and then {@code .dynsym}. */
    public Optional<ElfSymbol> symbol(String name) {
        for (List<ElfSymbol> table : List.of(symbols(), dynamicSymbols())) {
            for (ElfSymbol s : table) {
                if (s.isDefined() && s.name().equals(name)) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "ELF" + (header.is64() ? "64" : "32") + " " + machineName(header.machine()) + " "
                + (header.littleEndian() ? "LE" : "BE") + " " + origin + " (" + sections.size() + " sections)";
    }

    static BpfFormatException formatError(String origin, String detail) {
        return new BpfFormatException("ELF parse(" + origin + ")", detail);
    }

    private boolean isOwnSection(ElfSection section) {
        int i = section.index();
        // Identity first: the record's equals is bootstrapped by method handles at its first call,
        // ~25 ms of every start that reads a package.
        return i >= 0 && i < sections.size() && (sections.get(i) == section || sections.get(i).equals(section));
    }

    private List<ElfSymbol> readSymbols(int type) {
        for (ElfSection s : sections) {
            if (s.type() == type) {
                return ElfSymbolTable.read(bytes, header.is64(), sections, s);
            }
        }
        return List.of();
    }

    private ElfAddressIndex buildAddressIndex() {
        List<ElfSymbol> all = new ArrayList<>(symbols());
        all.addAll(dynamicSymbols());
        return ElfAddressIndex.of(all);
    }
}
