package dev.polytrace.bpf.btf;

/**
 * What struct members and function parameters share: a name, decoded on first use (most of
 * vmlinux's are never looked at), and a type referred to by id.
 */
abstract class TypedComponent {
    private final Btf btf;
    private final long nameOffset;
    private String name;
    private final int typeId;

    TypedComponent(Btf btf, long nameOffset, int typeId) {
        this.btf = btf;
        this.nameOffset = nameOffset;
        this.typeId = typeId;
    }

    /** The name; "" when anonymous. */
    public final String name() {
        String n = name;
        if (n == null) {
            n = btf.strings().at(nameOffset); // racy but benign: every thread decodes the same string
            name = n;
        }
        return n;
    }

    public final BtfType type() {
        return btf.type(typeId);
    }

    public final int typeId() {
        return typeId;
    }
}
