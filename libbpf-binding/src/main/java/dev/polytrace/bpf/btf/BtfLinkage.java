package dev.polytrace.bpf.btf;

/** Linkage of a {@link BtfFunc} or {@link BtfVar}: the vlen of a FUNC, the btf_var word of a VAR. */
public enum BtfLinkage {
    /** Local to the object (C {@code static}). */
    STATIC,
    /** Defined here and visible to other objects (for a VAR: allocated in its section). */
    GLOBAL,
    /** Declared here, defined elsewhere: kernel functions (kfuncs), {@code __kconfig} or {@code __ksym} values. */
    EXTERN;

    static BtfLinkage ofCode(int code) {
        return code >= 0 && code < values().length ? values()[code] : null;
    }
}
