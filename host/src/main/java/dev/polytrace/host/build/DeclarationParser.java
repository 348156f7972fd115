package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Splits a token list into file-scope declarations and tells functions, {@code .maps}
 * definitions and variables apart. A declaration ends at a {@code ;} outside brackets, or at
 * the closing brace of a function body (a {@code {} right after a {@code )}).
 */
final class DeclarationParser {
    /** Groups that decorate a declaration without naming it. */
    private static final Set<String> DECORATIONS = Set.of("SEC", "__attribute__", "__attribute", "__section",
            "__aligned", "__uint", "__type", "__array", "__ulong");

    private final List<CToken> tokens;

    private DeclarationParser(List<CToken> tokens) {
        this.tokens = tokens;
    }

    /** The declarations in source order, without docs. */
    static List<Declaration> parse(List<CToken> tokens) {
        return new DeclarationParser(tokens).run();
    }

    private List<Declaration> run() {
        List<Declaration> out = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            int end = endOf(i);
            if (end > i + 1 || !tokens.get(i).is(";")) {
                out.add(classify(i, end));
            }
            i = end;
        }
        return out;
    }

    /** Index just past the declaration starting at {@code start}. */
    private int endOf(int start) {
        int depth = 0;
        for (int j = start; j < tokens.size(); j++) {
            CToken t = tokens.get(j);
            if (t.is("{") && depth == 0 && j > start && tokens.get(j - 1).is(")")) {
                return matching(j) + 1;
            } else if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth = Math.max(0, depth - 1);
            } else if (t.is(";") && depth == 0) {
                return j + 1;
            }
        }
        return tokens.size();
    }

    /** Index of the bracket closing the one at {@code open}, or the last token when unbalanced. */
    int matching(int open) {
        return CallSyntax.closing(tokens, open);
    }

    private Declaration classify(int start, int end) {
        int line = tokens.get(start).line();
        boolean hasBody = tokens.get(end - 1).is("}");
        String section = sectionOf(start, end);
        if (tokens.get(start).is("typedef") || tokens.get(start).is("extern")) {
            return new Declaration(Declaration.Kind.OTHER, "", null, null, line, DocBlock.EMPTY);
        }
        if (".maps".equals(section)) {
            return new Declaration(Declaration.Kind.MAP, mapName(start, end), section, mapType(start, end), line,
                    DocBlock.EMPTY);
        }
        if (hasBody) {
            return new Declaration(Declaration.Kind.FUNCTION, functionName(start, end), section, null, line,
                    DocBlock.EMPTY);
        }
        String variable = variableName(start, end);
        Declaration.Kind kind = variable.isEmpty() ? Declaration.Kind.OTHER : Declaration.Kind.VARIABLE;
        return new Declaration(kind, variable, section, null, line, DocBlock.EMPTY);
    }

    private String sectionOf(int start, int end) {
        for (int j = start; j + 2 < end; j++) {
            if (tokens.get(j).is("SEC") && tokens.get(j + 1).is("(")
                    && tokens.get(j + 2).kind() == CToken.Kind.STRING) {
                return tokens.get(j + 2).stringValue();
            }
        }
        return null;
    }

    /** The identifier right before {@code SEC(".maps")}. */
    private String mapName(int start, int end) {
        for (int j = start + 1; j < end; j++) {
            if (tokens.get(j).is("SEC") && tokens.get(j - 1).isIdent()) {
                return tokens.get(j - 1).text();
            }
        }
        return "";
    }

    /** X in {@code __uint(type, X)}, as written. */
    private String mapType(int start, int end) {
        for (int j = start; j + 4 < end; j++) {
            if (tokens.get(j).is("__uint") && tokens.get(j + 1).is("(") && tokens.get(j + 2).is("type")
                    && tokens.get(j + 3).is(",")) {
                int close = matching(j + 1);
                StringBuilder type = new StringBuilder();
                for (int k = j + 4; k < close; k++) {
                    type.append(tokens.get(k).text());
                }
                return type.toString();
            }
        }
        return null;
    }

    /**
     * The first identifier called like a function that is not a decoration; for libbpf's
     * {@code BPF_PROG(name, ...)}-style macros, the macro's first argument.
     */
    private String functionName(int start, int end) {
        for (int j = start; j + 1 < end; j++) {
            CToken t = tokens.get(j);
            if (!t.isIdent() || !tokens.get(j + 1).is("(")) {
                continue;
            }
            if (DECORATIONS.contains(t.text())) {
                j = matching(j + 1);
                continue;
            }
            if (t.text().matches("BPF_[A-Z0-9_]+") && j + 2 < end && tokens.get(j + 2).isIdent()) {
                return tokens.get(j + 2).text();
            }
            return t.text();
        }
        return "";
    }

    /** The first identifier at bracket depth 0 that is followed by what ends a declarator. */
    private String variableName(int start, int end) {
        for (int j = start; j + 1 < end; j++) {
            CToken t = tokens.get(j);
            if (t.is("(") || t.is("[") || t.is("{")) {
                j = matching(j);
                continue;
            }
            if (!t.isIdent() || DECORATIONS.contains(t.text())) {
                continue;
            }
            CToken next = tokens.get(j + 1);
            if (next.is("[") || next.is("=") || next.is(";") || next.is(",")
                    || (next.isIdent() && DECORATIONS.contains(next.text()))) {
                return t.text();
            }
        }
        return "";
    }
}
