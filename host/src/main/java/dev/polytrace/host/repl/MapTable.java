package dev.polytrace.host.repl;

import dev.polytrace.host.maps.TextTable;
import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.script.api.MapView;

/** {@code :maps}: every map of the loaded object with its type, key and value C types and size. */
final class MapTable {
    private MapTable() {
    }

    static String render(BpfObject object) {
        TextTable table = new TextTable("NAME", "TYPE", "KEY", "VALUE", "ENTRIES", "MAX");
        for (BpfMap map : object.maps()) {
            MapView view = MapView.of(map, object.btf());
            boolean stream = map.type().isEventStream();
            table.row(map.name(), view.type, stream ? "-" : view.keyType, stream ? "-" : view.valueType,
                    stream ? "-" : entries(map), map.maxEntries());
        }
        return table.render();
    }

    private static String entries(BpfMap map) {
        try {
            return Integer.toString(map.keys().size());
        } catch (RuntimeException e) {
            return "?";
        }
    }
}
