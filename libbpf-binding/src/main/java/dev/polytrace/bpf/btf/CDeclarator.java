package dev.polytrace.bpf.btf;

import java.util.ArrayList;
import java.util.List;

/**
 * Spells BTF types as C declarations. A declarator is built inside-out: pointers prefix
 * {@code *}, arrays and functions append {@code [n]} or {@code (params)}, and a pointer
 * declarator gets parentheses when an array or function suffix follows it
 * ({@code int (*)[3]}, {@code void (*)(int)}). Qualifiers go before the base type, or after the
 * {@code *} when they qualify a pointer ({@code char *const}). Type tags are not C and are left out.
 */
final class CDeclarator {
    private CDeclarator() {
    }

    /** "struct event (136 bytes)": how most kinds describe themselves in toString. */
    static String withSize(BtfType type) {
        return type.cName() + " (" + bytes(type.size()) + ")";
    }

    /** "1 byte", "4 bytes". */
    static String bytes(long n) {
        return n == 1 ? "1 byte" : n + " bytes";
    }

    /** The type's own spelling, with no declared name. */
    static String spell(BtfType type) {
        return declare(type, "");
    }

    /** A declaration of {@code declarator} (a name, or "") with that type. */
    static String declare(BtfType type, String declarator) {
        return switch (type) {
            case BtfPointer p -> declare(p.target(), "*" + declarator);
            case BtfArray a -> declare(a.elementType(), suffix(declarator, "[" + a.length() + "]"));
            case BtfFuncProto f -> declare(f.returnType(), suffix(declarator, "(" + parameters(f) + ")"));
            case BtfQualifier q -> qualify(q.qualifier().keyword(), q.target(), declarator);
            case BtfFunc f -> declare(f.proto(), f.name());
            case BtfVar v -> declare(v.type(), v.name());
            case BtfDeclTag d -> "__attribute__((btf_decl_tag(\"" + d.name() + "\")))";
            default -> join(baseName(type), declarator);
        };
    }

    /** Follows typedefs and modifiers; parsing guarantees such chains end. */
    static BtfType skipAliases(BtfType type) {
        BtfType t = type;
        while (true) {
            if (t instanceof BtfTypedef td) {
                t = td.target();
            } else if (t instanceof BtfQualifier q) {
                t = q.target();
            } else {
                return t;
            }
        }
    }

    private static String qualify(String keywords, BtfType target, String declarator) {
        return switch (target) {
            case BtfQualifier q -> qualify(words(keywords, q.qualifier().keyword()), q.target(), declarator);
            case BtfPointer p -> declare(p, words(keywords, declarator));
            // C cannot qualify an array: the qualifier belongs to its elements.
            case BtfArray a -> qualify(keywords, a.elementType(), suffix(declarator, "[" + a.length() + "]"));
            default -> words(keywords, declare(target, declarator));
        };
    }

    private static String parameters(BtfFuncProto f) {
        List<String> spelled = new ArrayList<>();
        for (BtfParam p : f.params()) {
            spelled.add(declare(p.type(), p.name()));
        }
        if (f.isVariadic()) {
            spelled.add("...");
        }
        return spelled.isEmpty() ? "void" : String.join(", ", spelled);
    }

    private static String baseName(BtfType type) {
        return switch (type) {
            case BtfVoid v -> "void";
            case BtfStruct s -> tagged(s.isUnion() ? "union" : "struct", s.name());
            case BtfFwd f -> tagged(f.isUnion() ? "union" : "struct", f.name());
            case BtfEnum e -> tagged("enum", e.name());
            default -> type.name();
        };
    }

    private static String tagged(String keyword, String name) {
        return keyword + " " + (name.isEmpty() ? "(anonymous)" : name);
    }

    /** Appends an array or parameter-list suffix, parenthesising a pointer declarator first. */
    private static String suffix(String declarator, String suffix) {
        return declarator.startsWith("*") ? "(" + declarator + ")" + suffix : declarator + suffix;
    }

    private static String join(String base, String declarator) {
        if (declarator.isEmpty() || declarator.startsWith("[")) {
            return base + declarator;
        }
        return base + " " + declarator;
    }

    private static String words(String first, String second) {
        if (first.isEmpty()) {
            return second;
        }
        return second.isEmpty() ? first : first + " " + second;
    }
}
