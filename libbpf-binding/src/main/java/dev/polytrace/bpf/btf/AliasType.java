package dev.polytrace.bpf.btf;

/**
 * What typedefs and modifiers share: another name or a qualification of a target type, which
 * they resolve to and whose size and alignment they have.
 */
sealed interface AliasType extends BtfType permits BtfTypedef, BtfQualifier {
    int targetId();

    default BtfType target() {
        return btf().type(targetId());
    }

    @Override
    default BtfType resolve() {
        return CDeclarator.skipAliases(this);
    }

    @Override
    default long size() {
        return resolve().size();
    }

    @Override
    default int alignment() {
        return resolve().alignment();
    }
}
