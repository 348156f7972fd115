package dev.polytrace.bpf.btf;

/** What every {@link BtfType} shares: its owner, id and name. */
abstract class BtfTypeBase {
    /** Pointers are 8 bytes for every target this tracer supports (BPF, x86-64, arm64). */
    static final int POINTER_SIZE = 8;

    private final Btf btf;
    private final int id;
    private final String name;
    private final BtfKind kind;

    BtfTypeBase(Btf btf, int id, String name, BtfKind kind) {
        this.btf = btf;
        this.id = id;
        this.name = name;
        this.kind = kind;
    }

    public final int id() {
        return id;
    }

    public final String name() {
        return name;
    }

    public final BtfKind kind() {
        return kind;
    }

    /** Itself, for every kind but typedefs and modifiers ({@link AliasType}). */
    public BtfType resolve() {
        return (BtfType) this;
    }

    /** The C declarator; scalars, typedefs and sections are spelled by their name instead. */
    public String cName() {
        return CDeclarator.spell((BtfType) this);
    }

    public abstract long size();

    /** The Btf this type belongs to. */
    final Btf btf() {
        return btf;
    }

    /** The type with that id in the owning Btf (or its base). */
    final BtfType ref(int typeId) {
        return btf.type(typeId);
    }

    /** "struct event (136 bytes)". */
    @Override
    public String toString() {
        return cName() + " (" + bytes(size()) + ")";
    }

    /** "1 byte", "4 bytes". */
    static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** Natural alignment of a scalar of that size: its size, capped at 16 (x86-64, arm64 and BPF ABIs). */
    static int scalarAlignment(long size) {
        return (int) Math.max(1, Math.min(size, 16));
    }
}
