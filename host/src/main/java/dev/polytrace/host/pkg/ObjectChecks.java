package dev.polytrace.host.pkg;

import dev.polytrace.bpf.InternalMaps.InternalMap;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Checks what a package says against what its object contains, for both package formats; each
 * check is told the JSON path of the field it reads, so the error names the field as written.
 */
final class ObjectChecks {
    private final ObjectContents contents;
    private final String origin;
    private final List<InternalMap> internalMaps;

    /** @param objectName the name the object is opened with, which names libbpf's data-section maps */
    ObjectChecks(ObjectContents contents, String origin, String objectName) {
        this.contents = contents;
        this.origin = origin;
        this.internalMaps = contents.internalMaps(objectName);
    }

    ObjectContents contents() {
        return contents;
    }

    void program(String name, String namePath, String section, String sectionPath) {
        ObjectProgram found = contents.program(name).orElseThrow(() -> fail(namePath, "no program \"" + name
                + "\" in the object (programs: " + list(contents.programs().stream().map(ObjectProgram::name).toList())
                + ")"));
        if (!found.section().equals(section)) {
            throw fail(sectionPath, "\"" + section + "\" does not match the object, where " + name
                    + " is in section \"" + found.section() + "\"");
        }
    }

    void param(PackageParam param, String namePath) {
        global(param.section(), param.name(), namePath);
    }

    BtfVarSecInfo global(String section, String name, String namePath) {
        return contents.global(section, name).orElseThrow(() -> fail(namePath, "no global \"" + name
                + "\" in the object's " + section + " (globals: " + list(contents.globalNames(section)) + ")"));
    }

    void eventStream(EventStream stream, String path) {
        MapDefinition map = map(stream.map(), path + ".map");
        if (!map.isEventStream()) {
            throw fail(path + ".map", stream.map() + " is a " + map.type().displayName()
                    + " map, not a ring buffer or perf event array");
        }
        if (!map.streamKind().equals(stream.kind())) {
            throw fail(path + ".kind", "\"" + stream.kind() + "\" does not match the object, where " + stream.map()
                    + " is a " + map.streamKind() + " map");
        }
        recordType(stream.type(), path + ".type");
    }

    void sampledMap(SampledMap sample, String path) {
        map(sample.map(), path + ".map");
    }

    /** A name the package hides from what a run prints at its end: a map or a .bss/.data global. */
    void hideable(String name, String path) {
        if (contents.map(name).isEmpty() && !contents.stateGlobalNames().contains(name)) {
            throw fail(path, "no map or .bss/.data global \"" + name + "\" in the object (maps: "
                    + list(contents.maps().stream().map(MapDefinition::name).toList()) + "; globals: "
                    + list(contents.stateGlobalNames()) + ")");
        }
    }

    MapDefinition map(String name, String path) {
        return contents.map(name).orElseThrow(() -> fail(path, "no map \"" + name + "\" in the object (maps: "
                + list(contents.maps().stream().map(MapDefinition::name).toList()) + ")"));
    }

    /** A map libbpf creates for a data section, by the name it will have at run time. */
    Optional<InternalMap> internalMap(String name) {
        return internalMaps.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The map libbpf creates for a data section, by section name. */
    Optional<InternalMap> internalMapOf(String section) {
        return internalMaps.stream().filter(m -> m.section().equals(section)).findFirst();
    }

    /** "no map "x" in the object (maps: a, b, runqlat.rodata)": the message for a name the object lacks. */
    String missingMap(String name) {
        return "no map \"" + name + "\" in the object (maps: " + list(Stream.concat(
                contents.maps().stream().map(MapDefinition::name), internalMaps.stream().map(InternalMap::name))
                .toList()) + ")";
    }

    /** A map a package may size: declared in .maps; libbpf sizes its data-section maps from the sections. */
    void sizableMap(String name, String path) {
        Optional<InternalMap> internal = internalMap(name);
        if (internal.isPresent()) {
            throw fail(path, name + " is libbpf's map of the " + internal.get().section()
                    + " section: its size is the section's");
        }
        map(name, path);
    }

    void recordType(String cType, String path) {
        if (contents.btf().isEmpty()) {
            throw fail(path, cType + " cannot be checked: the object has no BTF (compile with clang -g)");
        }
        if (contents.type(cType).isEmpty()) {
            throw fail(path, cType + " is not in the object's BTF");
        }
    }

    PackageFormatException fail(String path, String detail) {
        return new PackageFormatException(origin, path, detail);
    }

    private static String list(List<String> names) {
        return names.isEmpty() ? "none" : String.join(", ", names);
    }
}
