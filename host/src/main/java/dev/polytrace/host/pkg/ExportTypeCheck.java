package dev.polytrace.host.pkg;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import java.util.List;

/**
 * Checks an eunomia-bpf {@code meta.export_types} entry against the object's BTF as ecli does
 * before printing records: {@code type_id} must be the struct called {@code name}, of
 * {@code size} bytes, with as many members. A member whose name differs is left out of ecli's
 * output; polytrace prints every member of the object's struct, so that is a warning.
 */
final class ExportTypeCheck {
    private ExportTypeCheck() {
    }

    /** Checks {@code type} and returns its C spelling, e.g. "struct event"; warnings go to {@code warnings}. */
    static String check(JsonField type, ObjectChecks checks, List<String> warnings) {
        String cType = "struct " + type.text("name");
        checks.recordType(cType, type.childPath("name"));
        BtfStruct struct = (BtfStruct) checks.contents().type(cType).orElseThrow();
        type.optional("type_id").ifPresent(id -> checkTypeId(id, struct, checks.contents().btf().orElseThrow()));
        long declaredSize = type.integer("size", -1);
        if (declaredSize >= 0 && declaredSize != struct.size()) {
            throw type.require("size").fail(declaredSize + " does not match the object, where " + cType + " is "
                    + struct.size() + " bytes");
        }
        if (type.has("members")) {
            checkMembers(type, struct, warnings);
        }
        return cType;
    }

    private static void checkTypeId(JsonField id, BtfStruct struct, Btf btf) {
        long value = id.integer();
        if (value == struct.id()) {
            return;
        }
        String found = value > 0 && value < btf.typeCount() ? "it is " + describe(btf.type((int) value))
                : "the object has no type " + value;
        throw id.fail(value + " is not " + struct.cName() + " (type " + struct.id() + " in the object's BTF): "
                + found);
    }

    private static void checkMembers(JsonField type, BtfStruct struct, List<String> warnings) {
        List<JsonField> members = type.elements("members");
        if (members.size() != struct.members().size()) {
            throw type.require("members").fail(members.size() + " members, but " + struct.cName() + " has "
                    + struct.members().size() + " in the object");
        }
        for (int i = 0; i < members.size(); i++) {
            JsonField name = members.get(i).object().require("name");
            BtfMember actual = struct.members().get(i);
            if (!name.text().equals(actual.name())) {
                warnings.add(name.fail("\"" + name.text() + "\" does not match the object, where member " + i + " of "
                        + struct.cName() + " is \"" + actual.name() + "\"; ecli leaves it out, polytrace prints it as \""
                        + actual.name() + "\"").getMessage());
            }
        }
    }

    private static String describe(BtfType t) {
        String spelled = t.cName();
        return spelled.isEmpty() ? "a " + t.kind() : spelled;
    }
}
