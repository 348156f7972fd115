package dev.polytrace.bpf.btf;

import java.util.List;

/** A function prototype (FUNC_PROTO): return type and parameters. Also the target of function pointers. */
public final class BtfFuncProto extends StoragelessType implements BtfType {
    private final int returnTypeId;
    private final List<BtfParam> params;
    private final boolean variadic;

    BtfFuncProto(Btf btf, int id, String name, int returnTypeId, List<BtfParam> params, boolean variadic) {
        super(btf, id, name, BtfKind.FUNC_PROTO);
        this.returnTypeId = returnTypeId;
        this.params = params;
        this.variadic = variadic;
    }

    /** The return type, {@link BtfVoid} for {@code void}. */
    public BtfType returnType() {
        return ref(returnTypeId);
    }

    public int returnTypeId() {
        return returnTypeId;
    }

    /** The named parameters; a trailing {@code ...} is not one of them, see {@link #isVariadic()}. */
    public List<BtfParam> params() {
        return params;
    }

    /** Whether the prototype ends in {@code ...} (BTF encodes it as a last parameter of type 0). */
    public boolean isVariadic() {
        return variadic;
    }

    @Override
    public String toString() {
        return cName();
    }
}
