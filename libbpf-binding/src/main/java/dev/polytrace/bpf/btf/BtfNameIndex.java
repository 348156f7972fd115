package dev.polytrace.bpf.btf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Types by name, lowest id first. Most names are unique, so a name maps to the type itself and
 * only shared names to a list (never modified once built). Tags are left out: their "name" is a tag value, not an identifier.
 */
final class BtfNameIndex {
    private final Map<String, Object> byName;

    private BtfNameIndex(Map<String, Object> byName) {
        this.byName = byName;
    }

    static BtfNameIndex of(BtfType[] types) {
        Map<String, Object> map = new HashMap<>(types.length * 2);
        for (BtfType t : types) {
            if (t.name().isEmpty() || t.kind() == BtfKind.DECL_TAG || t.kind() == BtfKind.TYPE_TAG) {
                continue;
            }
            map.merge(t.name(), t, BtfNameIndex::append);
        }
        return new BtfNameIndex(map);
    }

    @SuppressWarnings("unchecked")
    private static Object append(Object existing, Object added) {
        if (existing instanceof BtfType single) {
            List<BtfType> several = new ArrayList<>(2);
            several.add(single);
            several.add((BtfType) added);
            return several;
        }
        ((List<BtfType>) existing).add((BtfType) added);
        return existing;
    }

    /** Adds the types with that name, in id order, to {@code out}. */
    void collect(String name, List<BtfType> out) {
        Object found = byName.get(name);
        if (found instanceof BtfType single) {
            out.add(single);
        } else if (found instanceof List<?> several) {
            for (Object t : several) {
                out.add((BtfType) t);
            }
        }
    }

    List<BtfType> get(String name) {
        List<BtfType> out = new ArrayList<>(1);
        collect(name, out);
        return out;
    }
}
