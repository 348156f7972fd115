package dev.polytrace.script.symbols;

import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.elf.ElfProgramHeader;
import dev.polytrace.bpf.elf.ElfSymbol;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * User-space symbols: {@code /proc/PID/maps} finds the mapped file and the address's offset in
 * it, the file's program headers turn that offset into the ELF's own virtual address, and its
 * {@code .symtab}/{@code .dynsym} name the function. Going through the file offset makes the
 * load bias of PIE executables and shared objects fall out exactly, whatever the segment layout.
 * Thread-safe.
 *
 * <p>Process maps are cached per pid for a second, and re-read at once when an address is not
 * in the cached copy (a library loaded since). Parsed files are shared across processes.
 */
public final class UserSymbols {
    private static final long MAPS_TTL_NANOS = 1_000_000_000L;
    private static final int MAX_CACHED_PROCESSES = 128;

    private final Path procRoot;
    private final MappedElfFiles files;
    private final Map<Integer, CachedMaps> processes = new LinkedHashMap<>(16, 0.75f, true);

    private record CachedMaps(ProcessMaps maps, long readAt) {
    }

    /** Symbols of the processes of this machine, through {@code /proc}. */
    public UserSymbols() {
        this(Path.of("/proc"));
    }

    /** @param procRoot where the proc file system is mounted */
    public UserSymbols(Path procRoot) {
        this.procRoot = procRoot;
        this.files = new MappedElfFiles(procRoot);
    }

    /** The symbol of {@code address} in process {@code pid}; empty when no file is mapped there. */
    public Optional<UserSymbol> lookup(int pid, long address) {
        Optional<MappedRegion> region = regionOf(pid, address);
        if (region.isEmpty() || !region.get().isFile()) {
            return Optional.empty();
        }
        MappedRegion r = region.get();
        long fileOffset = r.fileOffsetOf(address);
        Optional<ElfFile> elf = files.elfOf(pid, r);
        OptionalLong vaddr = elf.isPresent() ? virtualAddress(elf.get(), fileOffset) : OptionalLong.empty();
        Optional<ElfSymbol> symbol = vaddr.isPresent() ? elf.get().symbolAt(vaddr.getAsLong()) : Optional.empty();
        if (symbol.isEmpty()) {
            return Optional.of(new UserSymbol("", 0, r.path(), fileOffset));
        }
        return Optional.of(new UserSymbol(symbol.get().name(), vaddr.getAsLong() - symbol.get().value(), r.path(),
                fileOffset));
    }

    /**
     * {@code func+0x10 (libc.so.6)}; the address in hex with the module when the file has no
     * symbol there; just the hex address for anonymous memory (JIT code), [pseudo] regions or
     * a process that is gone.
     */
    public String format(int pid, long address) {
        Optional<MappedRegion> region = regionOf(pid, address);
        if (region.isPresent() && !region.get().isFile() && !region.get().path().isEmpty()) {
            return Addresses.hex(address) + " (" + region.get().path() + ")";
        }
        return lookup(pid, address).map(s -> s.text(address)).orElseGet(() -> Addresses.hex(address));
    }

    /** The ELF virtual address stored at {@code fileOffset}: through the PT_LOAD segment holding it. */
    static OptionalLong virtualAddress(ElfFile elf, long fileOffset) {
        for (ElfProgramHeader ph : elf.programHeaders()) {
            if (ph.isLoad() && Long.compareUnsigned(fileOffset, ph.offset()) >= 0
                    && Long.compareUnsigned(fileOffset - ph.offset(), ph.filesz()) < 0) {
                return OptionalLong.of(ph.vaddr() + (fileOffset - ph.offset()));
            }
        }
        return OptionalLong.empty();
    }

    private Optional<MappedRegion> regionOf(int pid, long address) {
        CachedMaps cached = cachedMaps(pid, false);
        if (cached == null) {
            return Optional.empty();
        }
        Optional<MappedRegion> region = cached.maps().regionOf(address);
        if (region.isPresent()) {
            return region;
        }
        CachedMaps fresh = cachedMaps(pid, true); // mapped since we read the maps?
        return fresh == null ? Optional.empty() : fresh.maps().regionOf(address);
    }

    private synchronized CachedMaps cachedMaps(int pid, boolean forceRead) {
        long now = System.nanoTime();
        CachedMaps cached = processes.get(pid);
        if (!forceRead && cached != null && now - cached.readAt() < MAPS_TTL_NANOS) {
            return cached;
        }
        if (forceRead && cached != null && now - cached.readAt() < MAPS_TTL_NANOS / 100) {
            return cached; // just read: a miss now is a real miss
        }
        Optional<ProcessMaps> maps = ProcessMaps.read(procRoot.resolve(Integer.toString(pid)).resolve("maps"));
        if (maps.isEmpty()) {
            processes.remove(pid);
            return null;
        }
        CachedMaps fresh = new CachedMaps(maps.get(), now);
        processes.put(pid, fresh);
        if (processes.size() > MAX_CACHED_PROCESSES) {
            processes.remove(processes.keySet().iterator().next());
        }
        return fresh;
    }
}
