package dev.polytrace.bpf;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.internal.NativeResource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import jnr.ffi.Pointer;

/**
 * A loaded object: its programs are in the kernel and its maps exist. Closing it closes, in
 * reverse order, every link and reader created from it, then frees the programs and maps.
 */
public final class BpfObject implements AutoCloseable {
    private final String name;
    private final NativeResource resource;
    private final Btf btf;
    private final List<BpfProgram> programs;
    private final List<BpfMap> maps;
    private final GlobalVariables variables;
    private final Deque<AutoCloseable> dependents = new ArrayDeque<>();

    BpfObject(String name, Pointer handle, NativeResource resource, Btf btf, List<OpenProgram> openPrograms,
            List<OpenMap> openMaps, GlobalVariables variables) {
        this.name = name;
        this.resource = resource.handOver(this);
        this.btf = btf;
        List<BpfProgram> loadedPrograms = new ArrayList<>();
        for (OpenProgram p : openPrograms) {
            if (p.autoload()) {
                loadedPrograms.add(new BpfProgram(this, p));
            }
        }
        this.programs = Collections.unmodifiableList(loadedPrograms);
        List<BpfMap> loadedMaps = new ArrayList<>();
        for (OpenMap m : openMaps) {
            loadedMaps.add(BpfMap.fromObject(this, m));
        }
        this.maps = Collections.unmodifiableList(loadedMaps);
        this.variables = variables;
        variables.markLoaded();
    }

    public String name() {
        return name;
    }

    public Btf btf() {
        return btf;
    }

    /** The programs that were loaded (those left enabled before load). */
    public List<BpfProgram> programs() {
        return programs;
    }

    public List<BpfMap> maps() {
        return maps;
    }

    public BpfProgram program(String programName) {
        return NamedParts.require("program", programs, BpfProgram::name, programName);
    }

    public BpfMap map(String mapName) {
        return NamedParts.require("map", maps, BpfMap::name, mapName);
    }

    public Optional<BpfMap> findMap(String mapName) {
        return NamedParts.find(maps, BpfMap::name, mapName);
    }

    /** Globals; .bss and .data ones can be changed while the programs run. */
    public GlobalVariables variables() {
        return variables;
    }

    /**
     * Attaches every program whose section libbpf can attach by itself (tracepoint, raw_tp,
     * tp_btf, fentry, kprobe, uprobe with a target, usdt, iter, lsm). On failure, links made
     * so far are closed and the error names the program.
     */
    public List<BpfLink> attachAll() {
        List<BpfLink> links = new ArrayList<>();
        try {
            for (BpfProgram p : programs) {
                links.add(p.attach());
            }
        } catch (RuntimeException e) {
            for (BpfLink l : links) {
                l.close();
            }
            throw e;
        }
        return links;
    }

    public boolean isClosed() {
        return resource.isClosed();
    }

    /** Registers a link or reader to close before this object; returns it for chaining. */
    <T extends AutoCloseable> T own(T dependent) {
        synchronized (dependents) {
            requireOpen();
            dependents.push(dependent);
        }
        return dependent;
    }

    void disown(AutoCloseable dependent) {
        synchronized (dependents) {
            dependents.remove(dependent);
        }
    }

    /** Registers an external reader (e.g. a ring buffer reader) to be closed with this object. */
    public <T extends AutoCloseable> T attachResource(T dependent) {
        return own(dependent);
    }

    void requireOpen() {
        if (resource.isClosed()) {
            throw new BpfClosedException("object " + name);
        }
    }

    @Override
    public void close() {
        List<AutoCloseable> toClose;
        synchronized (dependents) {
            toClose = new ArrayList<>(dependents);
            dependents.clear();
        }
        for (AutoCloseable c : toClose) {
            try {
                c.close();
            } catch (Exception ignored) {
                // Closing must go on: a failed detach must not keep the rest loaded.
            }
        }
        variables.markClosed();
        resource.close();
    }

    @Override
    public String toString() {
        return "BpfObject[" + name + ", " + programs.size() + " programs, " + maps.size() + " maps]";
    }
}
