package dev.polytrace.bpf.btf;

/**
 * One entry of a {@link BtfDatasec}: a variable (or, in {@code .ksyms}, an extern function) at an
 * offset inside the section.
 */
public final class BtfVarSecInfo {
    private final Btf btf;
    private final int typeId;
    private final long offset;
    private final long size;

    BtfVarSecInfo(Btf btf, int typeId, long offset, long size) {
        this.btf = btf;
        this.typeId = typeId;
        this.offset = offset;
        this.size = size;
    }

    /** The entry's type: a {@link BtfVar}, or a {@link BtfFunc} for kfuncs in {@code .ksyms}. */
    public BtfType type() {
        return btf.type(typeId);
    }

    public int typeId() {
        return typeId;
    }

    /**
     * The variable.
     *
     * @throws IllegalStateException for a FUNC entry (an extern kernel function in {@code .ksyms})
     */
    public BtfVar var() {
        if (type() instanceof BtfVar v) {
            return v;
        }
        throw new IllegalStateException("datasec entry type id " + typeId + " is a " + type().kind() + ", not a VAR");
    }

    /** The variable's name. */
    public String name() {
        return type().name();
    }

    /** Offset in bytes from the start of the section. */
    public long offset() {
        return offset;
    }

    /** Size in bytes. */
    public long size() {
        return size;
    }

    @Override
    public String toString() {
        return name() + " @" + offset + " (" + BtfTypeBase.bytes(size) + ")";
    }
}
