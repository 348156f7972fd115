package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.bpf.MapType;
import dev.polytrace.host.maps.GlobalSnapshots;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapSnapshot;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The maps a run prints besides its outputs, as bpftrace prints every map when it exits: each
 * map that holds keyed data, except event streams (their records are the events), libbpf's
 * maps of the object's data sections, stack traces (addresses, for the maps that refer to
 * them), maps named {@code __*} (a toolchain's own, such as libbpf's {@code __bpf_usdt_specs}),
 * the package's sampled maps (printed already) and those it marks hidden. Then the
 * globals of {@code .bss} and {@code .data} that a tool's C user space would read through its
 * skeleton (see {@link #isPrinted}), read as maps ({@link GlobalSnapshots}). What is empty (no
 * entries, all zero) is left out. Only reads: what the programs keep for their own use stays.
 */
final class PrintedMaps {
    /** Types whose entries user space can walk and whose values are data, not handles. */
    private static final Set<MapType> DATA = EnumSet.of(MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH,
            MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE);

    private final BpfObject object;
    private final List<BpfMap> maps;
    private final List<GlobalVariable> globals;
    private final int top;

    private PrintedMaps(BpfObject object, List<BpfMap> maps, List<GlobalVariable> globals, int top) {
        this.object = object;
        this.maps = maps;
        this.globals = globals;
        this.top = top;
    }

    static PrintedMaps select(BpfObject object, TracerPackage pkg, int top) {
        Set<String> excluded = new HashSet<>(pkg.outputs().hidden());
        pkg.outputs().samples().stream().map(SampledMap::map).forEach(excluded::add);
        List<BpfMap> maps = object.maps().stream()
                .filter(m -> DATA.contains(m.type()) && !m.isInternal() && !m.name().startsWith("__")
                        && !excluded.contains(m.name()))
                .toList();
        Set<String> params = new HashSet<>(pkg.params().stream().map(PackageParam::name).toList());
        List<GlobalVariable> globals = object.variables().all().stream()
                .filter(v -> isPrinted(v, params, excluded))
                .toList();
        return new PrintedMaps(object, maps, globals, top);
    }

    /**
     * A non-static global of .bss or .data (statics are in no skeleton) that is not a param (the
     * user set it), not named {@code __*} (a toolchain's own, such as eunomia's dummies) and not
     * hidden by the package.
     */
    private static boolean isPrinted(GlobalVariable v, Set<String> params, Set<String> hidden) {
        return ObjectContents.isStateSection(v.section()) && !v.isStatic() && !v.name().startsWith("__")
                && !params.contains(v.name()) && !hidden.contains(v.name());
    }

    /** No map: for runs that print only their outputs. */
    static PrintedMaps none(BpfObject object) {
        return new PrintedMaps(object, List.of(), List.of(), 0);
    }

    /** Reads every map, then every global, now and hands the non-empty ones to {@code sink}, in the object's order. */
    void printTo(EventSink sink, SessionStats stats) {
        for (BpfMap map : maps) {
            print(map.name(), () -> MapSnapshot.read(map, object.btf()), sink, stats);
        }
        for (GlobalVariable global : globals) {
            print(global.name(), () -> GlobalSnapshots.read(global), sink, stats);
        }
    }

    private void print(String name, Supplier<MapSnapshot> read, EventSink sink, SessionStats stats) {
        MapReport report;
        try {
            report = MapReports.of(read.get(), top);
        } catch (RuntimeException e) {
            stats.sampleErrors.increment();
            sink.onSample(name, "reading " + name + " failed: " + e.getMessage() + "\n");
            return;
        }
        if (!report.isEmpty()) {
            sink.onMap(report);
        }
    }
}
