package dev.polytrace.host.build;

/**
 * One token of C source as {@link CLexer} sees it: enough to find declarations and helper calls,
 * not a full C grammar.
 *
 * @param offset character offset of the token's first character in the source
 * @param line   1-based line of that character
 */
record CToken(Kind kind, String text, int offset, int line) {
    enum Kind { IDENT, NUMBER, STRING, CHAR, PUNCT }

    boolean is(String punctOrWord) {
        return text.equals(punctOrWord) && kind != Kind.STRING && kind != Kind.CHAR;
    }

    boolean isIdent() {
        return kind == Kind.IDENT;
    }

    /** A string literal's contents without the quotes (escapes left as written). */
    String stringValue() {
        int open = text.indexOf('"');
        return kind == Kind.STRING && open >= 0 ? text.substring(open + 1, text.length() - 1) : text;
    }
}
