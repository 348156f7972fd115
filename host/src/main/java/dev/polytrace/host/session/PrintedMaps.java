package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.MapType;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapSnapshot;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The maps a run prints besides its outputs, as bpftrace prints every map when it exits: each
 * map that holds keyed data, except event streams (their records are the events), libbpf's
 * maps of the object's data sections (params and globals), stack traces (addresses, for the
 * maps that refer to them), the package's sampled maps (printed already) and those it marks
 * hidden. A map with no entries is left out. Only reads: a map the programs use for their own
 * state keeps it.
 */
final class PrintedMaps {
    /** Types whose entries user space can walk and whose values are data, not handles. */
    private static final Set<MapType> DATA = EnumSet.of(MapType.HASH, MapType.ARRAY, MapType.PERCPU_HASH,
            MapType.PERCPU_ARRAY, MapType.LRU_HASH, MapType.LRU_PERCPU_HASH, MapType.LPM_TRIE);

    private final BpfObject object;
    private final List<BpfMap> maps;
    private final int top;

    private PrintedMaps(BpfObject object, List<BpfMap> maps, int top) {
        this.object = object;
        this.maps = maps;
        this.top = top;
    }

    static PrintedMaps select(BpfObject object, PackageOutputs outputs, int top) {
        Set<String> excluded = new HashSet<>(outputs.hidden());
        outputs.samples().stream().map(SampledMap::map).forEach(excluded::add);
        List<BpfMap> maps = object.maps().stream()
                .filter(m -> DATA.contains(m.type()) && !m.isInternal() && !excluded.contains(m.name()))
                .toList();
        return new PrintedMaps(object, maps, top);
    }

    /** No map: for runs that print only their outputs. */
    static PrintedMaps none(BpfObject object) {
        return new PrintedMaps(object, List.of(), 0);
    }

    /** Reads every map now and hands the non-empty ones to {@code sink}, in the object's order. */
    void printTo(EventSink sink, SessionStats stats) {
        for (BpfMap map : maps) {
            MapReport report;
            try {
                report = MapReports.of(MapSnapshot.read(map, object.btf()), top);
            } catch (RuntimeException e) {
                stats.sampleErrors.increment();
                sink.onSample(map.name(), "reading " + map.name() + " failed: " + e.getMessage() + "\n");
                continue;
            }
            if (!report.isEmpty()) {
                sink.onMap(report);
            }
        }
    }
}
