package dev.polytrace.host.pkg;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Names and value sets the package formats share. */
final class PackageFields {
    static final List<String> SAMPLE_KINDS = List.of("log2_hist", "linear_hist", "table");

    private PackageFields() {
    }

    /** An ordered set, so error messages list known fields in document order. */
    static Set<String> of(String... names) {
        return Collections.unmodifiableSet(new LinkedHashSet<>(List.of(names)));
    }

    /** Sections whose globals are params: .rodata, .bss, .data and their named variants (.data.foo). */
    static boolean isDataSection(String section) {
        for (String base : List.of(".rodata", ".bss", ".data")) {
            if (section.equals(base) || section.startsWith(base + ".")) {
                return true;
            }
        }
        return false;
    }

    static boolean isDirection(String direction) {
        return direction.equals("ingress") || direction.equals("egress");
    }
}
