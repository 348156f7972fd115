package dev.polytrace.bpf.btf;

import java.util.List;
import java.util.Optional;

/**
 * A struct or union (STRUCT, UNION) with its members in declaration order.
 *
 * @param kind {@link BtfKind#STRUCT} or {@link BtfKind#UNION}
 */
public record BtfStruct(Btf btf, int id, String name, BtfKind kind, long size, List<BtfMember> members)
        implements BtfType {
    public boolean isUnion() {
        return kind == BtfKind.UNION;
    }

    /** The direct member with that name (members of anonymous nested structs are not searched). */
    public Optional<BtfMember> member(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The largest member alignment, or 1 when the layout shows the struct is packed: a
     * non-bitfield member off its natural alignment, or a size that is not a multiple of it.
     */
    @Override
    public int alignment() {
        int max = 1;
        for (BtfMember m : members) {
            int a = Math.max(1, m.type().alignment());
            max = Math.max(max, a);
            if (!m.isBitfield() && m.bitOffset() % (8L * a) != 0) {
                return 1;
            }
        }
        return size % max == 0 ? max : 1;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }
}
