package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * {@code ctx.maps}: the tracer's maps by name, {@code ctx.maps.counts} or
 * {@code ctx.maps['tracer.bss']}; a data section also answers to its section name
 * ({@code ctx.maps['.bss']}), whatever prefix libbpf gave it. Listing, {@code in} and iteration
 * show the real maps.
 *
 * <p>Asking for a map that does not exist is an error listing the maps, rather than
 * {@code undefined} (JS) or a bare AttributeError (Python) that surfaces later as "cannot read
 * property 'get' of undefined". To keep language machinery working, names that JS and Python
 * probe on any object ({@code toString}, {@code toJSON}, {@code then}, dict methods, dunder
 * names) are not treated as map names unless a map is really called so. The price: {@code in}
 * is true for any other map-like name; {@code Object.keys(ctx.maps)} / {@code list(ctx.maps)}
 * list the real maps.
 */
final class ContextMaps extends DictProxy {
    private static final Pattern MAP_NAME = Pattern.compile("\\.?[A-Za-z][A-Za-z0-9_.]*");
    private static final Set<String> PROBED_NAMES = Set.of(
            // JS conversions, promises, inspection
            "toJSON", "toString", "toLocaleString", "valueOf", "then", "constructor", "hasOwnProperty",
            "isPrototypeOf", "propertyIsEnumerable", "inspect", "length", "prototype",
            // Python dict methods, reached through the map when no member has the name
            "keys", "values", "items", "get", "pop", "popitem", "setdefault", "update", "clear", "copy", "fromkeys");

    private final Supplier<Optional<BpfObject>> object;
    private BpfObject viewsOf;
    private Map<String, MapView> views = Map.of();

    ContextMaps(Supplier<Optional<BpfObject>> object) {
        this.object = object;
    }

    /** The views of the current object's maps, rebuilt when the host hands over another object. */
    private Map<String, MapView> views() {
        BpfObject current = object.get().orElse(null);
        if (current != viewsOf) {
            Map<String, MapView> built = new LinkedHashMap<>();
            if (current != null) {
                for (BpfMap m : current.maps()) {
                    built.put(m.name(), MapView.of(m, current.btf()));
                }
            }
            views = built;
            viewsOf = current;
        }
        return views;
    }

    /** The view for a name, or for a section name such as {@code .bss}. */
    private Optional<MapView> find(String name) {
        Map<String, MapView> all = views();
        MapView exact = all.get(name);
        if (exact != null || !name.startsWith(".")) {
            return Optional.ofNullable(exact);
        }
        List<MapView> bySection = all.values().stream().filter(v -> v.name.endsWith(name)).toList();
        return bySection.size() == 1 ? Optional.of(bySection.get(0)) : Optional.empty();
    }

    @Override
    public Collection<String> names() {
        return views().keySet();
    }

    @Override
    public boolean has(String name) {
        if (find(name).isPresent()) {
            return true;
        }
        return MAP_NAME.matcher(name).matches() && !PROBED_NAMES.contains(name); // so that read() explains
    }

    @Override
    public Object read(String name) {
        return find(name).orElseThrow(() -> unknown(name));
    }

    private HandlerApiException unknown(String name) {
        Collection<String> names = names();
        if (names.isEmpty()) {
            return new HandlerApiException("ctx.maps has no map '" + name + "': this tracer has "
                    + (object.get().isPresent() ? "no maps" : "no BPF object loaded"));
        }
        return new HandlerApiException("ctx.maps has no map '" + name + "'; this tracer's maps: "
                + String.join(", ", names));
    }

    @Override
    public HandlerApiException readOnly(String name) {
        return new HandlerApiException("ctx.maps is read-only: maps come from the tracer's object; change a map's"
                + " contents with ctx.maps." + name + ".set(key, value)");
    }

    @Override
    public String toString() {
        return "ctx.maps " + names();
    }
}
