package dev.polytrace.host.pkg;

import dev.polytrace.bpf.BpfFormatException;
import dev.polytrace.bpf.InternalMaps;
import dev.polytrace.bpf.InternalMaps.InternalMap;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfEnum;
import dev.polytrace.bpf.btf.BtfLinkage;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfTypedef;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfSection;
import dev.polytrace.bpf.elf.ElfSymbol;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a package's BPF object contains, read in pure Java (no libbpf, no root): its programs
 * from the ELF symbols, its maps and types from BTF, and the initial values of its globals.
 * The reader checks a package against it; {@code inspect} prints it.
 */
public final class ObjectContents {
    private final ElfFile elf;
    private final Btf btf;
    private final List<ObjectProgram> programs;
    private final List<MapDefinition> maps;

    private ObjectContents(ElfFile elf, Btf btf) {
        this.elf = elf;
        this.btf = btf;
        this.programs = readPrograms(elf);
        this.maps = btf != null ? MapsSection.decode(btf) : mapsWithoutBtf(elf);
    }

    /** The package's object, parsed once per package (when it was read, which checked it). */
    public static ObjectContents of(TracerPackage pkg) {
        return pkg.object().contents(pkg.origin());
    }

    /**
     * Parses an object, failing at {@code path} when it is not a BPF ELF object or its BTF is
     * malformed.
     */
    static ObjectContents parse(byte[] elfBytes, String origin, String path) {
        ElfFile elf;
        try {
            elf = ElfFile.parse(elfBytes, origin);
        } catch (BpfFormatException e) {
            throw new PackageFormatException(origin, path, "not an ELF object (" + e.getMessage() + ")", e);
        }
        if (elf.machine() != ElfFile.EM_BPF) {
            throw new PackageFormatException(origin, path, "not a BPF object: " + ElfFile.machineName(elf.machine())
                    + " ELF");
        }
        if (elf.type() != ElfFile.ET_REL) {
            throw new PackageFormatException(origin, path, "not a BPF object file: ELF type " + elf.type()
                    + ", expected a relocatable object (clang -target bpf -c)");
        }
        Btf btf = null;
        if (elf.section(".BTF").isPresent()) {
            try {
                btf = Btf.fromElf(elf);
            } catch (BpfFormatException e) {
                throw new PackageFormatException(origin, path, "malformed BTF (" + e.getMessage() + ")", e);
            }
        }
        return new ObjectContents(elf, btf);
    }

    /** Programs in section order. */
    public List<ObjectProgram> programs() {
        return programs;
    }

    public Optional<ObjectProgram> program(String name) {
        return programs.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** Maps declared in {@code .maps}, in section order. */
    public List<MapDefinition> maps() {
        return maps;
    }

    public Optional<MapDefinition> map(String name) {
        return maps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The maps libbpf adds for the object's data sections ({@code .rodata}, {@code .bss},
     * {@code .rodata.str1.1}, ...), named as libbpf names them when the object is opened as
     * {@code objectName}.
     */
    public List<InternalMap> internalMaps(String objectName) {
        return InternalMaps.of(elf, btf, objectName);
    }

    /** The object's BTF; empty for objects compiled without {@code -g}. */
    public Optional<Btf> btf() {
        return Optional.ofNullable(btf);
    }

    /**
     * A type by its C spelling: {@code struct event}, {@code union u}, {@code enum e} or a typedef
     * name. Forward declarations do not count: their layout is unknown.
     */
    public Optional<BtfType> type(String cType) {
        if (btf == null) {
            return Optional.empty();
        }
        String spelled = cType.trim();
        if (spelled.startsWith("struct ") || spelled.startsWith("union ")) {
            boolean union = spelled.startsWith("union ");
            String tag = spelled.substring(spelled.indexOf(' ') + 1).trim();
            return btf.allByName(tag).stream().filter(t -> t instanceof BtfStruct s && s.isUnion() == union)
                    .findFirst();
        }
        if (spelled.startsWith("enum ")) {
            return btf.byName(spelled.substring(5).trim(), BtfEnum.class).map(BtfType.class::cast);
        }
        return btf.byName(spelled, BtfTypedef.class).map(BtfType.class::cast);
    }

    /** A global variable of a data section such as {@code .rodata}. */
    public Optional<BtfVarSecInfo> global(String section, String name) {
        if (btf == null) {
            return Optional.empty();
        }
        return btf.datasec(section).flatMap(d -> d.variable(name));
    }

    /** The names of the globals in a data section, for error messages. */
    public List<String> globalNames(String section) {
        if (btf == null) {
            return List.of();
        }
        return btf.datasec(section).map(BtfDatasec::vars).orElse(List.of()).stream()
                .map(BtfVarSecInfo::name).toList();
    }

    /**
     * The non-static globals of {@code .bss}, {@code .data} and custom {@code .data.*} sections: the
     * programs' state, which a tool's user space reads through its skeleton (statics are not in one).
     */
    public List<String> stateGlobalNames() {
        if (btf == null) {
            return List.of();
        }
        return btf.types().stream()
                .filter(t -> t instanceof BtfDatasec d && isStateSection(d.name()))
                .flatMap(t -> ((BtfDatasec) t).vars().stream())
                .filter(v -> v.var().linkage() != BtfLinkage.STATIC)
                .map(BtfVarSecInfo::name).toList();
    }

    /** {@code .bss}, {@code .data} and custom {@code .data.*} sections, which the programs write. */
    public static boolean isStateSection(String section) {
        return section.equals(".bss") || section.equals(".data") || section.startsWith(".data.");
    }

    /** The initial value of a global, as JSON-ready Java (see {@link GlobalValues}). */
    public Object initialValue(String section, BtfVarSecInfo variable) {
        return elf.sectionData(section).map(data -> GlobalValues.read(variable, data, elf.byteOrder())).orElse(null);
    }

    /** Program functions: global functions in executable sections other than .text, which holds subprograms. */
    private static List<ObjectProgram> readPrograms(ElfFile elf) {
        List<ElfSymbol> found = new ArrayList<>();
        for (ElfSymbol s : elf.symbols()) {
            if (s.isFunction() && s.isDefined() && s.sectionIndex() < elf.sections().size()) {
                ElfSection section = elf.sections().get(s.sectionIndex());
                if (section.isExecutable() && !section.name().equals(".text")) {
                    found.add(s);
                }
            }
        }
        found.sort(Comparator.comparingInt(ElfSymbol::sectionIndex).thenComparingLong(ElfSymbol::value));
        return found.stream().map(s -> new ObjectProgram(s.name(), elf.sections().get(s.sectionIndex()).name()))
                .toList();
    }

    /** Without BTF only the names of the {@code .maps} symbols are known. */
    private static List<MapDefinition> mapsWithoutBtf(ElfFile elf) {
        Optional<ElfSection> section = elf.section(".maps");
        if (section.isEmpty()) {
            return List.of();
        }
        return elf.symbols().stream()
                .filter(s -> s.sectionIndex() == section.get().index() && s.type() == ElfSymbol.Type.OBJECT)
                .sorted(Comparator.comparingLong(ElfSymbol::value))
                .map(s -> new MapDefinition(s.name(), MapType.UNSPEC, null, null, 0, 0, 0, 0)).toList();
    }
}
