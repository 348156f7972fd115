package dev.polytrace.host.pkg;

import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfDatasec;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfPointer;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfVar;
import dev.polytrace.bpf.btf.BtfVarSecInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decodes the map definitions of a {@code .maps} section from BTF, as libbpf does before
 * creating them. The bpf_helpers.h macros encode numbers in types: {@code __uint(type, N)} is
 * {@code int (*type)[N]}, so the value is the length of the array pointed to, and
 * {@code __type(key, T)} is {@code T *key}, so the key type is the pointer's target.
 */
final class MapsSection {
    private MapsSection() {
    }

    /** The maps in section order; empty when the object has no {@code .maps} DATASEC. */
    static List<MapDefinition> decode(Btf btf) {
        Optional<BtfDatasec> maps = btf.datasec(".maps");
        if (maps.isEmpty()) {
            return List.of();
        }
        List<MapDefinition> out = new ArrayList<>();
        for (BtfVarSecInfo v : maps.get().vars()) {
            if (v.type() instanceof BtfVar var
                    && var.type().resolve() instanceof BtfStruct def) {
                out.add(decode(var.name(), def));
            }
        }
        return List.copyOf(out);
    }

    private static MapDefinition decode(String name, BtfStruct def) {
        MapType type = MapType.of((int) number(def, "type"));
        BtfType key = typed(def, "key");
        BtfType value = typed(def, "value");
        long keySize = key != null ? key.size() : number(def, "key_size");
        long valueSize = value != null ? value.size() : number(def, "value_size");
        return new MapDefinition(name, type, key == null ? null : key.cName(), value == null ? null : value.cName(),
                keySize, valueSize, number(def, "max_entries"), number(def, "map_flags"));
    }

    /** A {@code __uint(name, N)} member's N, 0 when the member is absent. */
    private static long number(BtfStruct def, String member) {
        Optional<BtfMember> m = def.member(member);
        if (m.isPresent() && m.get().type().resolve() instanceof BtfPointer p
                && p.target().resolve() instanceof BtfArray a) {
            return a.length();
        }
        return 0;
    }

    /** A {@code __type(name, T)} member's T, null when the member is absent. */
    private static BtfType typed(BtfStruct def, String member) {
        Optional<BtfMember> m = def.member(member);
        if (m.isPresent() && m.get().type().resolve() instanceof BtfPointer p) {
            return p.target();
        }
        return null;
    }
}
