package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import java.util.ArrayList;
import java.util.List;

/**
 * The members of a struct as a decoded value shows them: like C, the members of an anonymous
 * struct or union member belong to the enclosing struct ({@code e.anon_int}, not
 * {@code e[""].anon_int}); unnamed bitfields are padding and have no value.
 */
final class StructMembers {
    private StructMembers() {
    }

    /** Whether the member is an anonymous struct or union whose members are the parent's. */
    static boolean isAnonymousAggregate(BtfMember m) {
        return m.name().isEmpty() && !m.isBitfield() && m.type().resolve() instanceof BtfStruct;
    }

    /** The named members, with those of anonymous struct and union members in their place. */
    static List<BtfMember> flat(BtfStruct struct) {
        List<BtfMember> out = new ArrayList<>(struct.members().size());
        collect(struct, out);
        return out;
    }

    /** The names of {@link #flat(BtfStruct)}, in order. */
    static List<String> flatNames(BtfStruct struct) {
        return flat(struct).stream().map(BtfMember::name).toList();
    }

    private static void collect(BtfStruct struct, List<BtfMember> out) {
        for (BtfMember m : struct.members()) {
            if (isAnonymousAggregate(m)) {
                collect((BtfStruct) m.type().resolve(), out);
            } else if (!m.name().isEmpty()) {
                out.add(m);
            }
        }
    }
}
