package dev.polytrace.bpf;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.internal.LibBpf;
import dev.polytrace.bpf.internal.LibbpfLog;
import dev.polytrace.bpf.internal.Native;
import dev.polytrace.bpf.internal.NativeResource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import jnr.ffi.Pointer;

/**
 * An object opened but not loaded: the phase in which globals get their initial values,
 * programs are chosen and maps resized. {@link #load()} hands everything over to a
 * {@link BpfObject}; a failed load closes this object so nothing stays in the kernel.
 */
public final class OpenBpfObject implements AutoCloseable {
    private final String name;
    private final Pointer handle;
    private final NativeResource resource;
    private final Btf btf;
    private final List<OpenProgram> programs;
    private final List<OpenMap> maps;
    private final GlobalVariables variables;
    private boolean handedOver;

    private OpenBpfObject(String name, Pointer handle, Btf btf) {
        this.name = name;
        this.handle = handle;
        LibBpf lib = Native.libbpf();
        this.resource = new NativeResource(this, () -> lib.bpf_object__close(handle));
        this.btf = btf;
        this.programs = list(handle, lib::bpf_object__next_program, OpenProgram::new);
        this.maps = list(handle, lib::bpf_object__next_map, OpenMap::new);
        this.variables = new GlobalVariables(btf, maps);
    }

    /** Opens an object from its ELF bytes; {@code name} labels it in errors and in the kernel. */
    public static OpenBpfObject open(byte[] elf, String name) {
        ElfFile parsed = ElfFile.parse(elf, name);
        parsed.requireMachine(ElfFile.EM_BPF, "BPF object");
        return open(elf, name, Btf.fromElf(parsed));
    }

    /**
     * Opens an object whose BTF the caller has already parsed from these same bytes (a host that
     * read the object once and keeps its model), so it is not parsed again.
     */
    public static OpenBpfObject open(byte[] elf, String name, Btf btf) {
        LibBpf lib = Native.libbpf();
        Pointer buffer = Native.copyOf(elf);
        Pointer opts = openOptions(name);
        LibbpfLog.begin();
        Pointer handle;
        String log;
        try {
            handle = lib.bpf_object__open_mem(buffer, elf.length, opts);
        } finally {
            log = LibbpfLog.end();
        }
        if (handle == null || handle.address() == 0) {
            throw new BpfFormatException("bpf_object__open(" + name + ")",
                    Errno.describe(Native.lastErrno()) + lastLine(log));
        }
        return new OpenBpfObject(name, handle, btf);
    }

    public static OpenBpfObject open(Path path) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (IOException e) {
            throw BpfException.reading("reading " + path, e, null);
        }
        String fileName = path.getFileName().toString();
        return open(bytes, fileName.endsWith(".bpf.o") ? fileName.substring(0, fileName.length() - 6)
                : fileName.replaceFirst("\\.o$", ""));
    }

    public String name() {
        return name;
    }

    public Btf btf() {
        return btf;
    }

    public List<OpenProgram> programs() {
        return programs;
    }

    public List<OpenMap> maps() {
        return maps;
    }

    public OpenProgram program(String programName) {
        return NamedParts.require("program", programs, OpenProgram::name, programName);
    }

    public OpenMap map(String mapName) {
        return NamedParts.require("map", maps, OpenMap::name, mapName);
    }

    public Optional<OpenMap> findMap(String mapName) {
        return NamedParts.find(maps, OpenMap::name, mapName);
    }

    /** Globals in .rodata, .bss and .data, typed through BTF, writable until load. */
    public GlobalVariables variables() {
        return variables;
    }

    /**
     * Loads every program chosen for loading and creates the maps. On failure the verifier
     * log is in the thrown {@link VerifierException} and this object is closed.
     */
    public BpfObject load() {
        requireOpen();
        LibBpf lib = Native.libbpf();
        LibbpfLog.begin();
        int rc;
        String log;
        try {
            rc = lib.bpf_object__load(handle);
        } finally {
            log = LibbpfLog.end();
        }
        if (rc < 0) {
            close();
            throw new VerifierException("bpf_object__load(" + name + ")", -rc, log);
        }
        handedOver = true;
        try {
            return new BpfObject(name, handle, resource, btf, programs, maps, variables);
        } catch (RuntimeException e) {
            resource.close();
            throw e;
        }
    }

    @Override
    public void close() {
        if (!handedOver) {
            resource.close();
        }
    }

    private void requireOpen() {
        if (handedOver || resource.isClosed()) {
            throw new BpfClosedException("object " + name);
        }
    }

    private static Pointer openOptions(String name) {
        Pointer opts = Native.allocate(80); // sizeof(struct bpf_object_open_opts) in libbpf 1.1
        opts.putLong(0, 80);
        Pointer objectName = Native.copyOf((name + "\0").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        opts.putPointer(8, objectName);
        KEEP_ALIVE.set(objectName);
        return opts;
    }

    // libbpf copies the name during open; this only keeps it reachable until then.
    private static final ThreadLocal<Pointer> KEEP_ALIVE = new ThreadLocal<>();

    private static String lastLine(String log) {
        List<String> lines = log.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : ": " + lines.get(lines.size() - 1).replaceFirst("^libbpf: ", "").strip();
    }

    /** Every program or map of the object, in libbpf's order: {@code next(object, previous)} walks them. */
    private static <T> List<T> list(Pointer object, BinaryOperator<Pointer> next, Function<Pointer, T> wrap) {
        List<T> result = new ArrayList<>();
        for (Pointer p = next.apply(object, null); p != null && p.address() != 0; p = next.apply(object, p)) {
            result.add(wrap.apply(p));
        }
        return Collections.unmodifiableList(result);
    }
}
