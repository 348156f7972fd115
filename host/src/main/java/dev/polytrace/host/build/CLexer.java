package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits C source into tokens, skipping comments and preprocessor lines, and keeps what the
 * build reads from them: {@code ///} doc lines, {@code #include} targets, function-like macro
 * definitions and the comment block the file starts with. Macros are not expanded: the build
 * only looks for patterns written out in the source (a macro's body is kept as tokens of its own).
 */
final class CLexer {
    /** Longest first, so that "->" is not read as "-" then ">". */
    private static final String[] OPERATORS = {"<<=", ">>=", "...", "->", "++", "--", "&&", "||", "==", "!=", "<=",
            ">=", "<<", ">>", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "##"};

    private static final Pattern FUNCTION_MACRO = Pattern.compile("define\\s+([A-Za-z_][A-Za-z0-9_]*)\\(");

    private final String src;
    private final List<CToken> tokens = new ArrayList<>();
    private final List<DocLine> docLines = new ArrayList<>();
    private final List<IncludeDirective> includes = new ArrayList<>();
    private final List<FunctionMacro> macros = new ArrayList<>();
    private final List<String> leadingComment = new ArrayList<>();
    private int pos;
    private int line = 1;
    /** Whether only whitespace and comments came before on this line (for # and ///). */
    private boolean lineStart = true;
    private boolean beforeFirstCode = true;

    private CLexer(String src) {
        this.src = src;
    }

    /** What the lexer found in one source text. */
    record Result(List<CToken> tokens, List<DocLine> docLines, List<IncludeDirective> includes,
                  List<FunctionMacro> macros, List<String> leadingComment) {
    }

    static Result lex(String source) {
        CLexer lexer = new CLexer(source);
        lexer.run();
        return new Result(List.copyOf(lexer.tokens), List.copyOf(lexer.docLines), List.copyOf(lexer.includes),
                List.copyOf(lexer.macros), List.copyOf(lexer.leadingComment));
    }

    /** The tokens of a macro body: one logical line, where {@code #} is an operator, not a directive. */
    private static List<CToken> bodyTokens(String body, int line) {
        CLexer lexer = new CLexer(body);
        lexer.line = line;
        lexer.lineStart = false;
        lexer.beforeFirstCode = false;
        lexer.run();
        return List.copyOf(lexer.tokens);
    }

    private void run() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (c == '\n') {
                line++;
                pos++;
                lineStart = true;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else if (src.startsWith("//", pos)) {
                lineComment();
            } else if (src.startsWith("/*", pos)) {
                blockComment();
            } else if (c == '#' && lineStart) {
                directive();
            } else {
                token();
                lineStart = false;
                beforeFirstCode = false;
            }
        }
    }

    private void lineComment() {
        int end = src.indexOf('\n', pos);
        end = end < 0 ? src.length() : end;
        String body = src.substring(pos + 2, end);
        if (body.startsWith("/") && !body.startsWith("//")) {
            if (lineStart) {
                docLines.add(new DocLine(line, body.substring(1).strip()));
            }
        } else if (beforeFirstCode) {
            leadingComment.add(body.strip());
        }
        pos = end;
    }

    private void blockComment() {
        int end = src.indexOf("*/", pos + 2);
        end = end < 0 ? src.length() : end + 2;
        String body = src.substring(pos + 2, Math.max(pos + 2, end - 2));
        if (beforeFirstCode) {
            for (String l : body.split("\n", -1)) {
                String s = l.strip();
                leadingComment.add(s.startsWith("*") ? s.substring(1).strip() : s);
            }
        }
        countLines(pos, end);
        pos = end;
    }

    /**
     * A preprocessor line, with backslash continuations joined and comments read as spaces; #include
     * and function-like #define are recorded.
     */
    private void directive() {
        int startLine = line;
        StringBuilder text = new StringBuilder();
        pos++;
        while (pos < src.length() && src.charAt(pos) != '\n') {
            if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                end = end < 0 ? src.length() : end + 2;
                countLines(pos, end);
                pos = end;
                text.append(' ');
                continue;
            }
            if (src.charAt(pos) == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                line++;
                pos += 2;
                continue;
            }
            if (src.startsWith("//", pos)) {
                break;
            }
            text.append(src.charAt(pos++));
        }
        String directive = text.toString().strip();
        recordInclude(directive, startLine);
        recordMacro(directive, startLine);
        beforeFirstCode = false;
        lineStart = false;
    }

    private void recordInclude(String directive, int at) {
        if (!directive.startsWith("include")) {
            return;
        }
        String rest = directive.substring("include".length()).strip();
        if (rest.startsWith("\"") && rest.indexOf('"', 1) > 0) {
            includes.add(new IncludeDirective(rest.substring(1, rest.indexOf('"', 1)), true, at));
        } else if (rest.startsWith("<") && rest.indexOf('>') > 0) {
            includes.add(new IncludeDirective(rest.substring(1, rest.indexOf('>')), false, at));
        }
    }

    /** {@code define NAME(a, b) body}: no space may separate the name from "(" (C11 6.10.3). */
    private void recordMacro(String directive, int at) {
        Matcher m = FUNCTION_MACRO.matcher(directive);
        if (!m.lookingAt()) {
            return;
        }
        int close = directive.indexOf(')', m.end());
        if (close < 0) {
            return;
        }
        List<String> params = new ArrayList<>();
        for (String p : directive.substring(m.end(), close).split(",")) {
            String name = p.strip().replace("...", "");
            if (!name.isEmpty()) {
                params.add(name);
            }
        }
        macros.add(new FunctionMacro(m.group(1), params, bodyTokens(directive.substring(close + 1), at), at));
    }

    private void token() {
        char c = src.charAt(pos);
        int start = pos;
        if (Character.isLetter(c) || c == '_' || c == '$') {
            while (pos < src.length() && (Character.isLetterOrDigit(src.charAt(pos)) || src.charAt(pos) == '_'
                    || src.charAt(pos) == '$')) {
                pos++;
            }
            add(CToken.Kind.IDENT, start);
        } else if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length()
                && Character.isDigit(src.charAt(pos + 1)))) {
            number();
            add(CToken.Kind.NUMBER, start);
        } else if (c == '"' || c == '\'') {
            quoted(c);
            add(c == '"' ? CToken.Kind.STRING : CToken.Kind.CHAR, start);
        } else {
            pos += operatorLength();
            add(CToken.Kind.PUNCT, start);
        }
    }

    private void number() {
        pos++;
        while (pos < src.length()) {
            char c = src.charAt(pos);
            char prev = src.charAt(pos - 1);
            boolean exponentSign = (c == '+' || c == '-') && "eEpP".indexOf(prev) >= 0;
            if (!(Character.isLetterOrDigit(c) || c == '.' || c == '_' || exponentSign)) {
                break;
            }
            pos++;
        }
    }

    private void quoted(char quote) {
        pos++;
        while (pos < src.length() && src.charAt(pos) != quote && src.charAt(pos) != '\n') {
            pos += src.charAt(pos) == '\\' && pos + 1 < src.length() ? 2 : 1;
        }
        if (pos < src.length() && src.charAt(pos) == quote) {
            pos++;
        }
    }

    private int operatorLength() {
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                return op.length();
            }
        }
        return 1;
    }

    private void add(CToken.Kind kind, int start) {
        tokens.add(new CToken(kind, src.substring(start, pos), start, line));
    }

    private void countLines(int from, int to) {
        for (int i = from; i < to; i++) {
            if (src.charAt(i) == '\n') {
                line++;
            }
        }
    }
}
