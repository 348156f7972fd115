package dev.polytrace.host.build;

/**
 * A C type as spelled in a declaration: a base ({@code struct event}, {@code event_t},
 * {@code unsigned int}) and a number of {@code *}s.
 */
record TypeRef(String base, int pointers) {
    /** The type a pointer of this type points to; pointers below zero mean "not a pointer". */
    TypeRef pointee() {
        return new TypeRef(base, pointers - 1);
    }

    /** Whether this can be a record type: not a pointer, not void. */
    boolean isRecord() {
        return pointers == 0 && !base.equals("void");
    }

    @Override
    public String toString() {
        return base + "*".repeat(Math.max(0, pointers));
    }
}
