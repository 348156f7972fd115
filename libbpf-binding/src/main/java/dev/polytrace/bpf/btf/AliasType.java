package dev.polytrace.bpf.btf;

/**
 * What typedefs and modifiers share: another name or a qualification of a target type, which
 * they resolve to and whose size and alignment they have.
 */
abstract class AliasType extends BtfTypeBase {
    private final int targetId;

    AliasType(Btf btf, int id, String name, BtfKind kind, int targetId) {
        super(btf, id, name, kind);
        this.targetId = targetId;
    }

    public final BtfType target() {
        return ref(targetId);
    }

    public final int targetId() {
        return targetId;
    }

    public final BtfType resolve() {
        return CDeclarator.skipAliases((BtfType) this);
    }

    public final long size() {
        return resolve().size();
    }

    public final int alignment() {
        return resolve().alignment();
    }
}
