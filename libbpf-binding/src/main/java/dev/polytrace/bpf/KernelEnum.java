package dev.polytrace.bpf;

import java.util.Locale;

/**
 * What the map and program types share: each mirrors a kernel enum whose constants it declares in
 * the kernel's order, so its ordinal is the kernel's number, and bpftool prints it in lower case.
 */
interface KernelEnum {
    String name();

    int ordinal();

    /** The kernel's numeric value of this type. */
    default int code() {
        return ordinal();
    }

    /** Lower-case name as bpftool prints it, e.g. {@code percpu_hash}, {@code tracepoint}. */
    default String displayName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The constant for a kernel number; unknown numbers (a newer kernel) map to {@code unknown}. */
    static <E extends KernelEnum> E of(E[] values, int code, E unknown) {
        return code >= 0 && code < values.length ? values[code] : unknown;
    }
}
