package dev.polytrace.host.build;

import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.List;
import java.util.Set;

/**
 * {@code /// @sample {...}} above a map: print it every interval. eunomia-bpf's fields and
 * defaults: {@code interval} (ms; 1000 here when omitted), {@code type} "log2_hist" |
 * "linear_hist" | "default_kv" (default; a key/value "table" in the package), {@code unit}
 * ("(unit)"), {@code clear_map} (false); plus {@code step}, the bucket width of a linear histogram (1).
 */
final class SampleAnnotation {
    static final long DEFAULT_INTERVAL_MS = 1000;
    static final String DEFAULT_UNIT = "(unit)";
    private static final Set<String> FIELDS = Set.of("interval", "type", "unit", "clear_map", "step");
    private static final List<String> TYPES = List.of("log2_hist", "linear_hist", "default_kv", "table");

    private SampleAnnotation() {
    }

    static SampledMap parse(String map, Annotation annotation, String file) {
        AnnotationJson json = AnnotationJson.parse(annotation, file, FIELDS);
        String type = json.choice("type", "default_kv", TYPES);
        String kind = type.equals("default_kv") ? "table" : type;
        if (json.has("step") && !kind.equals("linear_hist")) {
            throw json.fail("step", "only applies to \"type\": \"linear_hist\"");
        }
        long interval = json.integer("interval", 1, DEFAULT_INTERVAL_MS);
        Boolean clear = json.bool("clear_map");
        return new SampledMap(map, kind, interval, json.string("unit", DEFAULT_UNIT), clear != null && clear,
                json.integer("step", 1, 1));
    }
}
