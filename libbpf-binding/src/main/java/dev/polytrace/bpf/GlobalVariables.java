package dev.polytrace.bpf;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.bpf.internal.LibC;
import dev.polytrace.bpf.internal.Native;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Pointer;
import jnr.ffi.byref.NumberByReference;
import jnr.ffi.TypeAlias;

/**
 * The object's global variables (.rodata, .bss, .data and custom .data.* sections), located
 * through the BTF DATASECs and backed by libbpf's memory for each section: the initial value
 * before load and, for .bss/.data, the live mmap'd map after load.
 */
public final class GlobalVariables {
    private static final int BPF_F_MMAPABLE = 1 << 10;
    private static final int BPF_F_RDONLY_PROG = 1 << 7;
    private static final int MAP_FIXED = 0x10;

    private final List<GlobalVariable> variables;
    private final List<Section> sections = new ArrayList<>();
    private volatile boolean loaded;
    private volatile boolean closed;

    GlobalVariables(Btf btf, List<OpenMap> maps) {
        List<GlobalVariable> found = new ArrayList<>();
        for (OpenMap map : maps) {
            if (!map.isInternal()) {
                continue;
            }
            Optional<BtfDatasec> datasec = datasecFor(btf, map.name());
            if (datasec.isEmpty()) {
                continue;
            }
            NumberByReference size = new NumberByReference(TypeAlias.size_t);
            Pointer data = Native.libbpf().bpf_map__initial_value(map.handle(), size);
            if (data == null || data.address() == 0) {
                continue;
            }
            String section = datasec.get().name();
            sections.add(new Section(map, data));
            for (BtfVarSecInfo info : datasec.get().vars()) {
                found.add(new GlobalVariable(this, info.var().name(), section, info.var().type(),
                        info.var().linkage(), data, (int) info.offset(), (int) info.size()));
            }
        }
        this.variables = Collections.unmodifiableList(found);
    }

    public List<GlobalVariable> all() {
        return variables;
    }

    public Optional<GlobalVariable> find(String name) {
        return NamedParts.find(variables, GlobalVariable::name, name);
    }

    public GlobalVariable get(String name) {
        return NamedParts.require("global variable", variables, GlobalVariable::name, name);
    }

    boolean isLoaded() {
        return loaded;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Points each section's memory at its live map. libbpf 1.1 does this only for skeletons; the
     * mapping replaces libbpf's private copy at the same address, so libbpf still unmaps it on close.
     */
    void markLoaded() {
        for (Section section : sections) {
            OpenMap map = section.map();
            int flags = Native.libbpf().bpf_map__map_flags(map.handle());
            if ((flags & BPF_F_MMAPABLE) == 0) {
                continue;
            }
            // .rodata and .kconfig are frozen at load (BPF_F_RDONLY_PROG): only a read-only mapping is allowed.
            boolean readOnly = (flags & BPF_F_RDONLY_PROG) != 0;
            long size = mmapSize(map);
            int protection = readOnly ? LibC.PROT_READ : LibC.PROT_READ | LibC.PROT_WRITE;
            Pointer mapped = Native.libc().mmap(section.data(), size, protection, LibC.MAP_SHARED | MAP_FIXED,
                    Native.libbpf().bpf_map__fd(map.handle()), 0);
            if (mapped == null || mapped.address() != section.data().address()) {
                throw new BpfException("mmap(" + map.name() + ")", Native.lastErrno(), "cannot map the section");
            }
        }
        loaded = true;
    }

    private static long mmapSize(OpenMap map) {
        long page = Native.libc().sysconf(30); // _SC_PAGESIZE
        long bytes = (long) ((map.valueSize() + 7) & ~7) * Math.max(1, map.maxEntries());
        return (bytes + page - 1) / page * page;
    }

    private record Section(OpenMap map, Pointer data) {
    }

    void markClosed() {
        closed = true;
    }

    /** libbpf names internal maps "<obj prefix>.rodata" or, for custom sections, ".data.foo" (15 chars max). */
    private static Optional<BtfDatasec> datasecFor(Btf btf, String mapName) {
        int dot = mapName.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String suffix = mapName.substring(dot);
        return btf.types().stream()
                .filter(t -> t instanceof BtfDatasec)
                .map(t -> (BtfDatasec) t)
                .filter(d -> d.name().equals(suffix) || (suffix.length() == 15 && d.name().startsWith(suffix))
                        || (dot > 0 && d.name().equals(suffix)))
                .findFirst();
    }
}
