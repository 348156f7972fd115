package dev.polytrace.host.session;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import java.util.Optional;

/** Finds a type in BTF by its C spelling: "struct event", "union u", or a typedef/int name. */
public final class TypeNames {
    private TypeNames() {
    }

    public static Optional<BtfType> find(Btf btf, String cType) {
        String t = cType.strip();
        if (t.startsWith("struct ") || t.startsWith("union ")) {
            boolean union = t.startsWith("union ");
            String name = t.substring(t.indexOf(' ') + 1).strip();
            return btf.allByName(name).stream()
                    .filter(x -> x instanceof BtfStruct s && s.isUnion() == union)
                    .findFirst();
        }
        if (t.startsWith("enum ")) {
            return btf.byName(t.substring(5).strip());
        }
        return btf.byName(t);
    }
}
