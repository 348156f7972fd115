package dev.polytrace.bpf.btf;

/**
 * A declaration tag (DECL_TAG) from {@code __attribute__((btf_decl_tag("value")))}: {@link #name()}
 * is the value; it annotates a struct, union, typedef, variable or function, or one of their
 * members or parameters when {@link #componentIndex()} is not -1.
 */
public final class BtfDeclTag extends StoragelessType implements BtfType {
    private final int targetId;
    private final int componentIndex;
    private final boolean attribute;

    BtfDeclTag(Btf btf, int id, String name, int targetId, int componentIndex, boolean attribute) {
        super(btf, id, name, BtfKind.DECL_TAG);
        this.targetId = targetId;
        this.componentIndex = componentIndex;
        this.attribute = attribute;
    }

    public BtfType target() {
        return ref(targetId);
    }

    public int targetId() {
        return targetId;
    }

    /** -1 when the tag applies to the whole target, else the member or parameter index. */
    public int componentIndex() {
        return componentIndex;
    }

    /** kind_flag set: the tag is a plain {@code __attribute__((...))} rather than a {@code btf_decl_tag}. */
    public boolean isAttribute() {
        return attribute;
    }

    @Override
    public String toString() {
        return cName() + " on " + target().cName() + (componentIndex >= 0 ? " component " + componentIndex : "");
    }
}
