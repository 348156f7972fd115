package dev.polytrace.bpf.btf;

import dev.polytrace.bpf.BpfException;
import dev.polytrace.bpf.BpfFormatException;
import dev.polytrace.bpf.elf.ElfFile;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * A parsed BTF type graph (format: the kernel's {@code Documentation/bpf/btf.rst}): from a BPF
 * object's {@code .BTF} section, from {@code /sys/kernel/btf/vmlinux}, or split BTF such as a
 * kernel module's, whose ids continue after its base's. Parsing checks the header, every record
 * length, every type and string reference, and that no type graph loops; malformed data fails
 * with a {@link BpfFormatException} naming the offset or type id. Immutable and thread-safe.
 */
public final class Btf {
    /** Where the running kernel exposes its own BTF. */
    public static final Path VMLINUX_PATH = Path.of("/sys/kernel/btf/vmlinux");

    private static final Object VMLINUX_LOCK = new Object();
    private static volatile Btf vmlinux;

    private final String origin;
    private final Btf base;
    /** Id of {@code own[0]}: 0 (void) for base BTF, the base's type count for split BTF. */
    private final int firstOwnId;
    private final BtfType[] own;
    private final BtfStrings strings;
    private final ByteOrder byteOrder;
    private final BtfNameIndex names;
    private final List<BtfType> typesView = new TypeList();

    private Btf(byte[] raw, Btf base, String origin, DatasecLayout layout) {
        this.origin = origin;
        this.base = base;
        this.firstOwnId = base == null ? 0 : base.typeCount();
        BtfErrors errors = new BtfErrors(origin);
        BtfParser.Result parsed = BtfParser.parse(this, raw, base, errors, layout);
        this.own = parsed.ownTypes();
        this.strings = parsed.strings();
        this.byteOrder = parsed.order();
        this.names = BtfNameIndex.of(own);
        BtfValidator.validate(this, errors, firstOwnId);
    }

    /** Parses raw BTF (the {@code .BTF} section or a {@code /sys/kernel/btf} file); {@code origin} labels errors. */
    public static Btf parse(byte[] raw, String origin) {
        return new Btf(raw, null, origin, null);
    }

    /** Parses split BTF whose type ids and string offsets continue after those of {@code base}. */
    public static Btf parse(byte[] raw, Btf base, String origin) {
        return new Btf(raw, base, origin, null);
    }

    /**
     * Parses the object's {@code .BTF} section. DATASECs the compiler left with size 0 get their
     * section's size and their variables' offsets from the symbol table, as libbpf does on load.
     */
    public static Btf fromElf(ElfFile elf) {
        byte[] raw = elf.sectionData(".BTF").orElseThrow(() -> new BpfFormatException(
                "BTF parse(" + elf.origin() + ")", "object has no .BTF section: compile with clang -g"));
        return new Btf(raw, null, elf.origin(), new ElfDatasecLayout(elf));
    }

    /** The running kernel's BTF, read once and cached; fails with ENOENT when the kernel has none. */
    public static Btf vmlinux() {
        Btf cached = vmlinux;
        if (cached == null) {
            synchronized (VMLINUX_LOCK) {
                cached = vmlinux;
                if (cached == null) {
                    cached = parse(readAll(VMLINUX_PATH, "kernel BTF needs CONFIG_DEBUG_INFO_BTF"),
                            VMLINUX_PATH.toString());
                    vmlinux = cached;
                }
            }
        }
        return cached;
    }

    /**
     * The type with that id; ids of the base come from the base.
     *
     * @throws IllegalArgumentException when no type has that id
     */
    public BtfType type(int id) {
        if (id < firstOwnId) {
            if (id < 0) {
                throw badId(id);
            }
            return base.type(id);
        }
        int local = id - firstOwnId;
        if (local >= own.length) {
            throw badId(id);
        }
        return own[local];
    }

    /** Number of types including void (and, for split BTF, the base's): ids run from 0 to typeCount() - 1. */
    public int typeCount() {
        return firstOwnId + own.length;
    }

    /** All types, where the index is the id. */
    public List<BtfType> types() {
        return typesView;
    }

    /**
     * The best type with that name: struct, union, enum, typedef, int or float before forward
     * declarations, those before functions, variables and datasecs; lowest id among equals.
     */
    public Optional<BtfType> byName(String name) {
        return allByName(name).stream().min(Comparator.comparingInt(Btf::rank));
    }

    /** The best type with that name that is of the given class, e.g. {@code byName("task_struct", BtfStruct.class)}. */
    public <T extends BtfType> Optional<T> byName(String name, Class<T> kind) {
        return allByName(name).stream().filter(kind::isInstance).map(kind::cast)
                .min(Comparator.comparingInt(Btf::rank));
    }

    /** Every type with that name, lowest id first (decl and type tags are not indexed by their values). */
    public List<BtfType> allByName(String name) {
        List<BtfType> found = new ArrayList<>(1);
        if (base != null) {
            found.addAll(base.allByName(name));
        }
        names.collect(name, found);
        return List.copyOf(found);
    }

    /** The DATASEC of an ELF data section: {@code .rodata}, {@code .bss}, {@code .data}, {@code .maps}, ... */
    public Optional<BtfDatasec> datasec(String sectionName) {
        return byName(sectionName, BtfDatasec.class);
    }

    /** The label given when parsing: a file name, or the object this BTF came from. */
    public String origin() {
        return origin;
    }

    /** The base BTF of split BTF. */
    public Optional<Btf> base() {
        return Optional.ofNullable(base);
    }

    /** The byte order the BTF data was encoded in. */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    @Override
    public String toString() {
        return "BTF " + origin + " (" + typeCount() + " types" + (base != null ? ", split from " + base.origin : "")
                + ")";
    }

    BtfStrings strings() {
        return strings;
    }

    private IllegalArgumentException badId(int id) {
        return new IllegalArgumentException("BTF type id " + id + " does not exist in " + origin + ": it has "
                + typeCount() + " types (ids 0 to " + (typeCount() - 1) + ")");
    }

    private static int rank(BtfType t) {
        return switch (t.kind()) {
            case STRUCT, UNION, ENUM, ENUM64, TYPEDEF, INT, FLOAT -> 0;
            case FWD -> 1;
            default -> 2;
        };
    }

    private static byte[] readAll(Path path, String hint) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw BpfException.reading("BTF read(" + path + ")", e, hint);
        }
    }

    /** The read-only list behind {@link #types()}, covering base and own types without copying. */
    private final class TypeList extends AbstractList<BtfType> implements RandomAccess {
        @Override
        public BtfType get(int index) {
            if (index < 0 || index >= typeCount()) {
                throw new IndexOutOfBoundsException("type id " + index + " of " + typeCount());
            }
            return type(index);
        }

        @Override
        public int size() {
            return typeCount();
        }
    }
}
