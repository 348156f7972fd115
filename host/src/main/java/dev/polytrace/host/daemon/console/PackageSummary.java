package dev.polytrace.host.daemon.console;

import dev.polytrace.host.pkg.MapDefinition;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.ObjectProgram;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A package as the console shows it before and after deploying: its programs and maps from the
 * object (pure Java, nothing loaded), its params with the inputs they need ({@link ParamInputs}),
 * its outputs, and the source of the handler (the running one, for a deployed tracer).
 */
public final class PackageSummary {
    private PackageSummary() {
    }

    /** @param handler the handler to show: the package's own, or the one a tracer runs instead */
    public static Map<String, Object> of(TracerPackage pkg, Optional<PackageHandler> handler) {
        ObjectContents object = ObjectContents.of(pkg);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", pkg.name());
        out.put("version", pkg.version());
        out.put("description", pkg.description());
        out.put("signed", pkg.signature().isPresent());
        out.put("programs", object.programs().stream().map(PackageSummary::program).toList());
        out.put("maps", object.maps().stream().map(PackageSummary::map).toList());
        out.put("params", pkg.params().stream().map(p -> ParamInputs.of(p, object)).toList());
        out.put("outputs", outputs(pkg.outputs()));
        out.put("handler", handler.map(PackageSummary::handler).orElse(null));
        return out;
    }

    private static Map<String, Object> program(ObjectProgram p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", p.name());
        out.put("section", p.section());
        out.put("attachType", p.attachType());
        return out;
    }

    private static Map<String, Object> map(MapDefinition m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", m.name());
        out.put("type", m.type().displayName());
        out.put("keyType", m.keyType());
        out.put("valueType", m.valueType());
        out.put("maxEntries", m.maxEntries());
        out.put("perCpu", m.type().isPerCpu());
        return out;
    }

    private static List<Map<String, Object>> outputs(PackageOutputs outputs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PackageOutputs.EventStream e : outputs.events()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("map", e.map());
            o.put("kind", e.kind());
            o.put("type", e.type());
            out.add(o);
        }
        for (PackageOutputs.SampledMap s : outputs.samples()) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("map", s.map());
            o.put("kind", s.kind());
            o.put("intervalMs", s.intervalMs());
            o.put("unit", s.unit());
            out.add(o);
        }
        return out;
    }

    private static Map<String, Object> handler(PackageHandler h) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("language", h.language());
        out.put("fileName", h.fileName());
        out.put("source", h.source());
        return out;
    }
}
