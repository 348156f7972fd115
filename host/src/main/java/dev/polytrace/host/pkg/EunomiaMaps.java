package dev.polytrace.host.pkg;

import dev.polytrace.bpf.InternalMaps;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads eunomia-bpf's {@code meta.bpf_skel.maps}, checking each entry against the maps the
 * object will have when opened as {@code obj_name}: its {@code .maps} maps and the ones libbpf
 * creates for data sections ({@code test_bpf.rodata}, {@code .rodata.str1.1}), which ecc lists
 * with {@code ident} "rodata", "bss", ... and sometimes without {@code mmaped}. ecli reads such
 * an entry only to find the map of a section in {@code data_sections}; one that names a map the
 * object lacks and that ecli would not read is a warning, any other missing map an error.
 */
final class EunomiaMaps {
    private static final Map<String, String> SECTION_OF_IDENT = Map.of("rodata", ".rodata", "bss", ".bss",
            "data", ".data", "kconfig", ".kconfig");
    private static final Map<String, String> SAMPLE_KINDS = Map.of("log2_hist", "log2_hist",
            "linear_hist", "linear_hist", "default_kv", "table");
    private static final String DEFAULT_UNIT = "(unit)";

    private final Set<String> notExported = new HashSet<>();
    private final List<String> warnings = new ArrayList<>();
    private SampledMap firstSample;

    EunomiaMaps(JsonField skel, ObjectChecks checks) {
        Set<String> dataSections = new HashSet<>();
        skel.elements("data_sections").forEach(s -> dataSections.add(s.object().text("name")));
        for (JsonField map : skel.elements("maps")) {
            JsonField name = map.object().require("name");
            check(map, name, dataSections, checks);
            if (map.optional("export_config").map(c -> c.node().asText()).orElse("").equals("no_export")) {
                notExported.add(name.text());
            }
            Optional<JsonField> sample = map.optional("sample").map(JsonField::object);
            if (sample.isPresent() && firstSample == null) {
                firstSample = sample(name.text(), sample.get());
            }
        }
    }

    /** Whether ecli would print this map's records (export_config is not "no_export"). */
    boolean isExported(String mapName) {
        return !notExported.contains(mapName);
    }

    /** The first map with a {@code sample}: ecli polls it instead of reading an event stream. */
    Optional<SampledMap> firstSample() {
        return Optional.ofNullable(firstSample);
    }

    /** One line per entry that names a map the object lacks but ecli would not use. */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    private void check(JsonField map, JsonField name, Set<String> dataSections, ObjectChecks checks) {
        if (checks.contents().map(name.text()).isPresent() || checks.internalMap(name.text()).isPresent()) {
            return;
        }
        Optional<String> section = dataSectionOf(map);
        if (section.isEmpty()) {
            throw name.fail(checks.missingMap(name.text()));
        }
        String found = checks.internalMapOf(section.get())
                .map(m -> "; libbpf names the " + m.section() + " map \"" + m.name() + "\" for this obj_name")
                .orElse(section.get().isEmpty() ? ", which has no such data section"
                        : ", which has no " + section.get() + " section");
        boolean ecliReadsIt = map.has("sample") || map.optional("ident").map(i -> dataSections.contains(
                SECTION_OF_IDENT.get(i.text()))).orElse(false);
        if (ecliReadsIt) {
            throw name.fail(checks.missingMap(name.text()) + found);
        }
        warnings.add(name.fail("no map \"" + name.text() + "\" in the object" + found
                + "; ignored, as ecli does not use this entry").getMessage());
    }

    /** The data section an entry stands for, by its ident or its name; empty for entries of .maps maps. */
    private static Optional<String> dataSectionOf(JsonField map) {
        Optional<String> byIdent = map.optional("ident").map(i -> SECTION_OF_IDENT.get(i.text()));
        if (byIdent.isPresent()) {
            return byIdent;
        }
        String name = map.text("name");
        for (int dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) {
            String suffix = name.substring(dot);
            if (InternalMaps.isDataSectionName(suffix) || suffix.equals(".kconfig")) {
                return Optional.of(suffix);
            }
        }
        // mmaped marks a data-section map whose section the name does not tell: "" stands for unknown.
        return map.bool("mmaped", false) ? Optional.of("") : Optional.empty();
    }

    private static SampledMap sample(String map, JsonField sample) {
        String kind = "table";
        Optional<JsonField> type = sample.optional("type");
        if (type.isPresent()) {
            kind = SAMPLE_KINDS.get(type.get().text());
            if (kind == null) {
                throw type.get().fail("\"" + type.get().text()
                        + "\" is not a sample type (log2_hist, linear_hist or default_kv)");
            }
        }
        return new SampledMap(map, kind, sample.require("interval").integerAtLeast(1), sample.text("unit", DEFAULT_UNIT),
                sample.bool("clear_map", false), 1);
    }
}
