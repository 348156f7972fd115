package dev.polytrace.host.pkg;

import dev.polytrace.bpf.btf.BtfVarSecInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads eunomia-bpf's {@code meta.bpf_skel.data_sections}: each variable becomes a param, checked
 * against the object's BTF, with its {@code cmdarg} default, flag and help. Programs are read
 * by {@link EunomiaPrograms}, maps by {@link EunomiaMaps}.
 */
final class EunomiaSkeleton {
    private final JsonField skel;
    private final ObjectChecks checks;

    EunomiaSkeleton(JsonField skel, ObjectChecks checks) {
        this.skel = skel;
        this.checks = checks;
    }

    List<PackageParam> params() {
        List<PackageParam> params = new ArrayList<>();
        for (JsonField section : skel.elements("data_sections")) {
            JsonField name = section.object().require("name");
            if (!PackageFields.isDataSection(name.text())) {
                throw name.fail("\"" + name.text() + "\" is not a data section (.rodata, .bss or .data)");
            }
            for (JsonField variable : section.elements("variables")) {
                // ecc declares pointers named __eunomia_dummy_* so that export types reach BTF; ecli skips them.
                if (!variable.object().text("name").startsWith("__eunomia_dummy")) {
                    params.add(param(name.text(), variable));
                }
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
}
