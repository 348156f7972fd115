package dev.polytrace.bpf.btf;

/**
 * One entry of a {@link BtfDatasec}: a variable (or, in {@code .ksyms}, an extern function) at an
 * offset inside the section.
 *
 * @param offset offset in bytes from the start of the section
 * @param size size in bytes
 */
public record BtfVarSecInfo(Btf btf, int typeId, long offset, long size) {
    /** The entry's type: a {@link BtfVar}, or a {@link BtfFunc} for kfuncs in {@code .ksyms}. */
    public BtfType type() {
        return btf.type(typeId);
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

    @Override
    public String toString() {
        return name() + " @" + offset + " (" + CDeclarator.bytes(size) + ")";
    }
}
