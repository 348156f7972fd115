package dev.polytrace.bpf.btf;

/** BTF type kinds with their numeric codes from the kernel's {@code include/uapi/linux/btf.h}. */
public enum BtfKind {
    VOID(0), INT(1), PTR(2), ARRAY(3), STRUCT(4), UNION(5), ENUM(6), FWD(7), TYPEDEF(8), VOLATILE(9),
    CONST(10), RESTRICT(11), FUNC(12), FUNC_PROTO(13), VAR(14), DATASEC(15), FLOAT(16), DECL_TAG(17),
    TYPE_TAG(18), ENUM64(19);

    private static final BtfKind[] BY_CODE = values();

    private final int code;

    BtfKind(int code) {
        this.code = code;
    }

    /** The kind's number in a btf_type's info word. */
    public int code() {
        return code;
    }

    /** The kind for a code, or null when the code is not a known kind (0 is not valid in a type section). */
    static BtfKind ofCode(int code) {
        return code > 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
