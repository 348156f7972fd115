package dev.polytrace.host.pkg;

import dev.polytrace.bpf.btf.BtfVarSecInfo;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads eunomia-bpf's {@code meta.bpf_skel}: {@code data_sections} variables become params,
 * {@code progs} programs (XDP and tc targets from {@code ifindex} / {@code tchook}), and
 * {@code maps} the sampled map. Everything named is checked against the object.
 */
final class EunomiaSkeleton {
    /** eunomia's defaults when an XDP or tc program gives no interface: ifindex 1, the loopback. */
    private static final long DEFAULT_IFINDEX = 1;
    private static final Map<String, String> TC_ATTACH_POINTS = Map.of("BPF_TC_INGRESS", "ingress",
            "BPF_TC_EGRESS", "egress");
    private static final Map<String, String> SAMPLE_KINDS = Map.of("log2_hist", "log2_hist",
            "linear_hist", "linear_hist", "default_kv", "table");
    private static final String DEFAULT_UNIT = "(unit)";

    private final JsonField skel;
    private final ObjectChecks checks;
    private final Set<String> notExported = new HashSet<>();

    EunomiaSkeleton(JsonField skel, ObjectChecks checks) {
        this.skel = skel;
        this.checks = checks;
        for (JsonField map : skel.elements("maps")) {
            if (map.object().optional("export_config").map(c -> c.node().asText()).orElse("").equals("no_export")) {
                notExported.add(map.text("name"));
            }
        }
    }

    /** Whether ecli would print this map's records (export_config is not "no_export"). */
    boolean isExported(String mapName) {
        return !notExported.contains(mapName);
    }

    List<PackageParam> params() {
        List<PackageParam> params = new ArrayList<>();
        for (JsonField section : skel.elements("data_sections")) {
            JsonField name = section.object().require("name");
            if (!PackageFields.isDataSection(name.text())) {
                throw name.fail("\"" + name.text() + "\" is not a data section (.rodata, .bss or .data)");
            }
            for (JsonField variable : section.elements("variables")) {
                params.add(param(name.text(), variable.object()));
            }
        }
        return params;
    }

    private PackageParam param(String section, JsonField variable) {
        JsonField name = variable.require("name");
        BtfVarSecInfo global = checks.global(section, name.text(), name.path());
        Optional<JsonField> cmdarg = variable.optional("cmdarg").map(JsonField::object);
        Object value = cmdarg.flatMap(c -> c.optional("default")).map(JsonField::scalar)
                .or(() -> variable.optional("value").map(JsonField::scalar))
                .orElseGet(() -> checks.contents().initialValue(section, global));
        String help = cmdarg.flatMap(c -> c.optional("help")).map(JsonField::text)
                .orElseGet(() -> variable.text("description", ""));
        String flag = cmdarg.flatMap(c -> c.optional("long")).map(JsonField::text).orElse(null);
        return new PackageParam(name.text(), plainType(variable.text("type")), section, value, help.strip(), flag);
    }

    /** "const volatile unsigned int" is "unsigned int": the qualifiers only say which section it lives in. */
    static String plainType(String cType) {
        String t = cType.strip();
        while (t.startsWith("const ") || t.startsWith("volatile ") || t.startsWith("static ")) {
            t = t.substring(t.indexOf(' ') + 1).strip();
        }
        return t;
    }

    List<PackageProgram> programs() {
        List<PackageProgram> programs = new ArrayList<>();
        for (JsonField prog : skel.elements("progs")) {
            prog.object();
            String name = prog.text("name");
            String section = prog.text("attach");
            checks.program(name, prog.childPath("name"), section, prog.childPath("attach"));
            programs.add(new PackageProgram(name, section, attachTarget(prog, section)));
        }
        return programs;
    }

    private static Optional<AttachTarget> attachTarget(JsonField prog, String section) {
        if (ProgramSection.isXdp(section)) {
            String iface = Long.toString(prog.integerAtLeast("ifindex", DEFAULT_IFINDEX, 1));
            return Optional.of(new AttachTarget(iface, null, null, null, null, null, null, null, null, null));
        }
        if (ProgramSection.isTc(section)) {
            Optional<JsonField> hook = prog.optional("tchook").map(JsonField::object);
            long ifindex = hook.map(h -> h.integerAtLeast("ifindex", DEFAULT_IFINDEX, 1)).orElse(DEFAULT_IFINDEX);
            String direction = "ingress";
            Optional<JsonField> point = hook.flatMap(h -> h.optional("attach_point"));
            if (point.isPresent()) {
                direction = TC_ATTACH_POINTS.get(point.get().text());
                if (direction == null) {
                    throw point.get().fail("\"" + point.get().text()
                            + "\" is not supported (BPF_TC_INGRESS or BPF_TC_EGRESS)");
                }
            }
            return Optional.of(new AttachTarget(Long.toString(ifindex), direction, null, null, null, null, null, null,
                    null, null));
        }
        return Optional.empty();
    }

    /** Checks every map the skeleton names and returns the first with a {@code sample}. */
    Optional<SampledMap> firstSample() {
        SampledMap first = null;
        for (JsonField map : skel.elements("maps")) {
            JsonField name = map.object().require("name");
            if (map.bool("mmaped", false)) {
                continue; // the .rodata / .bss maps libbpf creates for data sections
            }
            checks.map(name.text(), name.path());
            Optional<JsonField> sample = map.optional("sample").map(JsonField::object);
            if (sample.isPresent() && first == null) {
                first = sample(name.text(), sample.get());
            }
        }
        return Optional.ofNullable(first);
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
