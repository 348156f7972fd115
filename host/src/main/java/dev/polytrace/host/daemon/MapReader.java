package dev.polytrace.host.daemon;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReports;
import dev.polytrace.host.maps.MapSnapshot;
import dev.polytrace.host.tracer.RunningTracer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A map's entries decoded through the object's BTF, as {@code GET /v1/tracers/{id}/maps/{map}}
 * returns them: keys and values as the handler would see them, one value per possible CPU for
 * per-CPU maps, raw bytes in hex where the map has no BTF types ({@link MapSnapshot}'s decoding);
 * or as {@code polytrace run} prints the map ({@link #report}).
 */
final class MapReader {
    private static final Pattern MAP_NAME = Pattern.compile("[A-Za-z0-9_.]{1,64}");

    private MapReader() {
    }

    static List<Map<String, Object>> list(BpfObject object) {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (BpfMap map : object.maps()) {
            maps.add(describe(map));
        }
        return maps;
    }

    /** The map as run, {@code :dump} and {@code ?format=text|report} show it, its top {@code top} rows. */
    static MapReport report(RunningTracer session, String name, int top) {
        BpfMap map = entriesOf(session.object(), name);
        return MapReports.shown(MapSnapshot.read(map, session.object().btf()), session.pkg().outputs().sampled(name),
                top);
    }

    static Map<String, Object> read(BpfObject object, String name, int limit) {
        BpfMap map = entriesOf(object, name);
        BtfType keyType = map.btfKeyTypeId() > 0 ? object.btf().type(map.btfKeyTypeId()) : null;
        BtfType valueType = map.btfValueTypeId() > 0 ? object.btf().type(map.btfValueTypeId()) : null;
        List<MapEntry> entries = map.entries();
        List<Map<String, Object>> decoded = new ArrayList<>();
        for (MapEntry e : entries.subList(0, Math.min(limit, entries.size()))) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("key", MapSnapshot.decode(keyType, e.key()));
            entry.put("value", map.type().isPerCpu() ? MapSnapshot.perCpu(valueType, map.valueSize(), e.value())
                    : MapSnapshot.decode(valueType, e.value()));
            decoded.add(entry);
        }
        Map<String, Object> out = describe(map);
        out.put("count", entries.size());
        out.put("truncated", entries.size() > limit);
        out.put("entries", decoded);
        return out;
    }

    private static BpfMap entriesOf(BpfObject object, String name) {
        if (!MAP_NAME.matcher(name).matches()) {
            throw DaemonException.notFound("no map named " + name);
        }
        BpfMap map = object.findMap(name).orElseThrow(() -> DaemonException.notFound("the tracer has no map named "
                + name + "; it has " + object.maps().stream().map(BpfMap::name).toList()));
        if (map.type().isEventStream()) {
            throw DaemonException.unprocessable("event_stream_map", "map " + name + " is a "
                    + map.type().displayName() + ": its records are at /events, it has no entries to read");
        }
        return map;
    }

    private static Map<String, Object> describe(BpfMap map) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("map", map.name());
        out.put("type", map.type().displayName());
        out.put("keySize", map.keySize());
        out.put("valueSize", map.valueSize());
        out.put("maxEntries", map.maxEntries());
        return out;
    }
}
