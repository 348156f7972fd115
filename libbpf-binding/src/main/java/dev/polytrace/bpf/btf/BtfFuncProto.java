package dev.polytrace.bpf.btf;

import java.util.List;

/**
 * A function prototype (FUNC_PROTO): return type and parameters. Also the target of function pointers.
 *
 * @param params the named parameters; a trailing {@code ...} is not one of them, see {@link #isVariadic()}
 * @param isVariadic whether the prototype ends in {@code ...} (BTF encodes it as a last parameter of type 0)
 */
public record BtfFuncProto(Btf btf, int id, String name, int returnTypeId, List<BtfParam> params, boolean isVariadic)
        implements StoragelessType {
    /** The return type, {@link BtfVoid} for {@code void}. */
    public BtfType returnType() {
        return btf.type(returnTypeId);
    }

    @Override
    public BtfKind kind() {
        return BtfKind.FUNC_PROTO;
    }

    @Override
    public String toString() {
        return cName();
    }
}
