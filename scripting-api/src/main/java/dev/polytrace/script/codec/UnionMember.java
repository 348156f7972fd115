package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfArray;
import dev.polytrace.bpf.btf.BtfFloat;
import dev.polytrace.bpf.btf.BtfInt;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Which member writes a union. A decoded union carries every member, all read from the same
 * bytes, so writing them in turn would let a later, lossier one (a string cut at NUL) overwrite
 * an exact one. One member is written: the widest given, then one that re-encodes exactly,
 * then the first declared.
 */
final class UnionMember {
    private UnionMember() {
    }

    /** The member to write, or null when the map gives none. */
    static BtfMember choose(BtfStruct union, Map<?, ?> map) {
        BtfMember best = null;
        for (BtfMember m : union.members()) {
            if (isGiven(m, map) && (best == null || better(m, best))) {
                best = m;
            }
        }
        return best;
    }

    /** The entries of {@code map} that belong to an anonymous struct or union member. */
    static Map<String, Object> entriesOf(BtfMember anonymous, Map<?, ?> map) {
        Map<String, Object> own = new LinkedHashMap<>();
        for (String name : StructMembers.flatNames((BtfStruct) anonymous.type().resolve())) {
            if (map.containsKey(name)) {
                own.put(name, map.get(name));
            }
        }
        return own;
    }

    private static boolean isGiven(BtfMember m, Map<?, ?> map) {
        if (StructMembers.isAnonymousAggregate(m)) {
            return !entriesOf(m, map).isEmpty();
        }
        return !m.name().isEmpty() && map.containsKey(m.name());
    }

    private static boolean better(BtfMember candidate, BtfMember best) {
        long a = bits(candidate);
        long b = bits(best);
        if (a != b) {
            return a > b;
        }
        return isExact(candidate.type()) && !isExact(best.type());
    }

    private static long bits(BtfMember m) {
        return m.isBitfield() ? m.bitfieldSize() : m.type().size() * 8;
    }

    /** Whether every value of the type decodes and re-encodes to the same bytes. */
    private static boolean isExact(BtfType declared) {
        return switch (declared.resolve()) {
            case BtfInt i -> !IntegerValues.isBool(i);
            case BtfArray a -> !a.isCharArray() && isExact(a.elementType());
            case BtfStruct s -> s.members().stream().allMatch(m -> isExact(m.type()));
            case BtfFloat f -> false; // signalling NaNs come back quiet
            default -> true;
        };
    }
}
