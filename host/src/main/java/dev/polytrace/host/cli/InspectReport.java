package dev.polytrace.host.cli;

import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.filter.FilterPlacement;
import dev.polytrace.host.pkg.AttachTarget;
import dev.polytrace.host.pkg.MapDefinition;
import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.ObjectProgram;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import dev.polytrace.host.pkg.PackageParam;
import dev.polytrace.host.pkg.PackageProgram;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@code polytrace inspect} shows, gathered once from the package and its object (pure
 * Java, no root) and rendered as text by {@link InspectText} or as JSON as it is. {@code filters}
 * says where {@code --pid}, {@code --container} etc. apply ({@link FilterPlacement}).
 */
record InspectReport(String name, String version, String description, String origin, long size, String sha256,
                     List<Program> programs, List<MapInfo> maps, List<Param> params, Outputs outputs,
                     Handler handler, boolean signed, List<String> warnings, String filters) {

    /** A program of the object; {@code attach} holds the package's run-time target fields, if any. */
    record Program(String name, String section, String attachType, Map<String, Object> attach) {
    }

    /**
     * Key and value C types when the map declares them with __type, otherwise only their sizes;
     * {@code packageMaxEntries} is the size the package sets before load, or null.
     */
    record MapInfo(String name, String type, String keyType, String valueType, long keySize, long valueSize,
                   long maxEntries, Long packageMaxEntries) {
    }

    record Param(String name, String cType, String section, Object defaultValue, String help, String flag) {
    }

    /** {@code hidden}: the maps and globals not printed when a run ends. */
    record Outputs(List<Stream> events, List<Sample> samples, List<String> hidden) {
    }

    /** An event stream with the fields of its record type. */
    record Stream(String map, String kind, String type, long size, List<Field> fields) {
    }

    /** A member of a record type; {@code bits} is the bitfield width, 0 for ordinary members. */
    record Field(String name, String type, long offset, long size, int bits) {
    }

    record Sample(String map, String kind, long intervalMs, String unit, boolean clear) {
    }

    record Handler(String language, String fileName, long size) {
    }

    static InspectReport of(TracerPackage pkg) {
        ObjectContents object = ObjectContents.of(pkg);
        List<Param> params = pkg.params().stream().map(InspectReport::param).toList();
        Handler handler = pkg.handler().map(h -> new Handler(h.language(), h.fileName(),
                h.source().getBytes(StandardCharsets.UTF_8).length)).orElse(null);
        Outputs outputs = new Outputs(pkg.outputs().events().stream().map(e -> stream(e, object)).toList(),
                pkg.outputs().samples().stream().map(InspectReport::sample).toList(), pkg.outputs().hidden());
        return new InspectReport(pkg.name(), pkg.version(), pkg.description(), pkg.origin(), pkg.object().size(),
                pkg.object().sha256(), programs(pkg, object), object.maps().stream().map(m -> map(m, pkg)).toList(),
                params, outputs, handler, pkg.signature().isPresent(), pkg.warnings(),
                FilterPlacement.of(object).description());
    }

    private static List<Program> programs(TracerPackage pkg, ObjectContents object) {
        List<Program> out = new ArrayList<>();
        for (ObjectProgram p : object.programs()) {
            Map<String, Object> attach = pkg.programs().stream().filter(q -> q.name().equals(p.name())).findFirst()
                    .flatMap(PackageProgram::attach).map(AttachTarget::fields).orElse(Map.of());
            out.add(new Program(p.name(), p.section(), p.attachType(), attach));
        }
        return out;
    }

    private static MapInfo map(MapDefinition m, TracerPackage pkg) {
        return new MapInfo(m.name(), m.type().displayName(), m.keyType(), m.valueType(), m.keySize(), m.valueSize(),
                m.maxEntries(), pkg.maps().stream().filter(s -> s.name().equals(m.name())).map(s -> s.maxEntries())
                .findFirst().orElse(null));
    }

    private static Param param(PackageParam p) {
        return new Param(p.name(), p.cType(), p.section(), p.defaultValue(), p.help(), p.flag());
    }

    private static Stream stream(EventStream e, ObjectContents object) {
        BtfType type = object.type(e.type()).orElse(null);
        List<Field> fields = new ArrayList<>();
        if (type != null && type.resolve() instanceof BtfStruct s) {
            for (BtfMember m : s.members()) {
                fields.add(new Field(m.name(), m.type().cName(), m.byteOffset(), m.type().size(), m.bitfieldSize()));
            }
        }
        return new Stream(e.map(), e.kind(), e.type(), type == null ? 0 : type.size(), fields);
    }

    private static Sample sample(SampledMap s) {
        return new Sample(s.map(), s.kind(), s.intervalMs(), s.unit(), s.clear());
    }
}
