package dev.polytrace.host.session;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.host.maps.DecodedValues;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapSnapshot;
import dev.polytrace.host.maps.MapSnapshot.Entry;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A map the package samples, read the way its {@code kind} says: log2 or linear histograms, or a
 * table. When the package asks for clearing, each sample shows only what came since the last
 * one, and no update is lost in between: a hash map's entries are taken out as they are read
 * ({@link BpfMap#drain()}), and an array, whose indexes cannot be taken out, is left alone and
 * shows how much each value grew since the last read.
 */
final class MapSampler {
    private final SampledMap config;
    private final BpfMap map;
    private final Btf btf;
    private Map<Object, Object> lastRead = Map.of(); // arrays with clear: the totals the last sample saw

    MapSampler(SampledMap config, BpfMap map, Btf btf) {
        this.config = config;
        this.map = map;
        this.btf = btf;
    }

    String mapName() {
        return map.name();
    }

    /** Every row of a table: a sample shows the whole map. */
    synchronized MapReport sample() {
        return MapReports.shown(read(), Optional.of(config), 0);
    }

    private MapSnapshot read() {
        if (!config.clear()) {
            return MapSnapshot.read(map, btf);
        }
        if (!map.type().isArray()) {
            return MapSnapshot.of(map, btf, map.drain());
        }
        MapSnapshot now = MapSnapshot.read(map, btf);
        Map<Object, Object> totals = new HashMap<>();
        List<Entry> grown = new ArrayList<>();
        for (Entry e : now.entries()) {
            totals.put(e.key(), e.value());
            Object growth = ValueGrowth.since(lastRead.get(e.key()), e.value());
            if (!DecodedValues.countsNothing(growth)) {
                grown.add(new Entry(e.key(), growth));
            }
        }
        lastRead = totals;
        return new MapSnapshot(now.name(), now.valueTypeName(), grown);
    }
}
