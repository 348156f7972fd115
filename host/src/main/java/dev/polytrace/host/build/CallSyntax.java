package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Bracket matching and argument lists over a token list, as the build reads calls. */
final class CallSyntax {
    private CallSyntax() {
    }

    /** Whether the identifier at {@code at} is followed by "(" and is not a member ({@code x.f(}, {@code p->f(}). */
    static boolean isCall(List<CToken> tokens, int at) {
        return tokens.get(at).isIdent() && at + 1 < tokens.size() && tokens.get(at + 1).is("(")
                && !(at > 0 && (tokens.get(at - 1).is(".") || tokens.get(at - 1).is("->")));
    }

    /** The arguments of the call whose "(" is at {@code open}, split at top-level commas; none for "()". */
    static List<List<CToken>> arguments(List<CToken> tokens, int open) {
        List<List<CToken>> args = new ArrayList<>();
        List<CToken> current = new ArrayList<>();
        int depth = 0;
        for (int j = open + 1; j < tokens.size(); j++) {
            CToken t = tokens.get(j);
            if (depth == 0 && (t.is(")") || t.is(","))) {
                if (!(t.is(")") && args.isEmpty() && current.isEmpty())) {
                    args.add(current);
                }
                if (t.is(")")) {
                    return args;
                }
                current = new ArrayList<>();
                continue;
            }
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if (t.is(")") || t.is("]") || t.is("}")) {
                depth--;
            }
            current.add(t);
        }
        return args;
    }

    /** Index of the bracket closing the one at {@code open}, or the last token when unbalanced. */
    static int closing(List<CToken> tokens, int open) {
        int depth = 0;
        for (int j = open; j < tokens.size(); j++) {
            CToken t = tokens.get(j);
            if (t.is("(") || t.is("[") || t.is("{")) {
                depth++;
            } else if ((t.is(")") || t.is("]") || t.is("}")) && --depth == 0) {
                return j;
            }
        }
        return tokens.size() - 1;
    }

    /** Index of the "(" opening the ")" at {@code close}, or 0 when unbalanced. */
    static int opening(List<CToken> tokens, int close) {
        int depth = 0;
        for (int j = close; j >= 0; j--) {
            if (tokens.get(j).is(")")) {
                depth++;
            } else if (tokens.get(j).is("(") && --depth == 0) {
                return j;
            }
        }
        return 0;
    }

    /** The identifier an expression is, parentheses aside: {@code (x)} is x. */
    static Optional<String> identifier(List<CToken> expr) {
        List<CToken> e = withoutParens(expr);
        return e.size() == 1 && e.get(0).isIdent() ? Optional.of(e.get(0).text()) : Optional.empty();
    }

    /** The identifier whose address an expression takes: {@code &x}, {@code &(x)}, {@code (&x)}. */
    static Optional<String> addressOf(List<CToken> expr) {
        List<CToken> e = withoutParens(expr);
        return e.size() >= 2 && e.get(0).is("&") ? identifier(e.subList(1, e.size())) : Optional.empty();
    }

    /** The expression without the parentheses around all of it: {@code ((x))} is {@code x}. */
    static List<CToken> withoutParens(List<CToken> expr) {
        List<CToken> e = expr;
        while (e.size() >= 2 && e.get(0).is("(") && closing(e, 0) == e.size() - 1) {
            e = e.subList(1, e.size() - 1);
        }
        return e;
    }
}
