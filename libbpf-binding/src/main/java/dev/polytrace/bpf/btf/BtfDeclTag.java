package dev.polytrace.bpf.btf;

/**
 * A declaration tag (DECL_TAG) from {@code __attribute__((btf_decl_tag("value")))}: {@link #name()}
 * is the value; it annotates a struct, union, typedef, variable or function, or one of their
 * members or parameters when {@link #componentIndex()} is not -1.
 *
 * @param componentIndex -1 when the tag applies to the whole target, else the member or parameter index
 * @param isAttribute kind_flag set: the tag is a plain {@code __attribute__((...))} rather than a
 *                    {@code btf_decl_tag}
 */
public record BtfDeclTag(Btf btf, int id, String name, int targetId, int componentIndex, boolean isAttribute)
        implements StoragelessType {
    public BtfType target() {
        return btf.type(targetId);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.DECL_TAG;
    }

    @Override
    public String toString() {
        return cName() + " on " + target().cName() + (componentIndex >= 0 ? " component " + componentIndex : "");
    }
}
