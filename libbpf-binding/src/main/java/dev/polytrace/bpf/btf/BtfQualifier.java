package dev.polytrace.bpf.btf;

/**
 * A type modifier: {@code const}, {@code volatile}, {@code restrict} (CONST, VOLATILE, RESTRICT)
 * or a TYPE_TAG annotation such as {@code __user}, whose {@link #name()} is the tag value.
 *
 * @param isAttribute for TYPE_TAG only: kind_flag set, meaning the tag is a plain
 *                    {@code __attribute__((...))} (e.g. {@code address_space(1)}) rather than a
 *                    {@code btf_type_tag}
 */
public record BtfQualifier(Btf btf, int id, String name, Qualifier qualifier, int targetId, boolean isAttribute)
        implements AliasType {
    @Override
    public BtfKind kind() {
        return qualifier.kind;
    }

    @Override
    public String toString() {
        return CDeclarator.withSize(this);
    }

    /** The four modifier kinds, with the C keyword of the first three. */
    public enum Qualifier {
        CONST(BtfKind.CONST, "const"),
        VOLATILE(BtfKind.VOLATILE, "volatile"),
        RESTRICT(BtfKind.RESTRICT, "restrict"),
        /** Not a C keyword: omitted from {@link BtfType#cName()}. */
        TYPE_TAG(BtfKind.TYPE_TAG, "");

        private final BtfKind kind;
        private final String keyword;

        Qualifier(BtfKind kind, String keyword) {
            this.kind = kind;
            this.keyword = keyword;
        }

        /** The C keyword, "" for type tags. */
        public String keyword() {
            return keyword;
        }
    }
}
