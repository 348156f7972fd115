package dev.polytrace.host.repl;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Whether what the user typed so far is a whole statement or needs more lines, judged from its
 * text alone: open brackets, an unfinished template literal, block comment or triple-quoted
 * string, a trailing backslash. Python blocks ({@code for ...:}) also end only at an empty line,
 * as in Python's own prompt. Anything else is complete, even when it is wrong: the language then
 * reports the error. The prompt asks the language's parser first ({@link GuestConsole#needsMore});
 * this is what it goes by while no console is running.
 */
final class InputCompleteness {
    private InputCompleteness() {
    }

    /** True when JavaScript {@code text} is unfinished. */
    static boolean jsNeedsMore(String text) {
        return new JsScan(text).unfinished();
    }

    /** True when Python {@code text} is unfinished. */
    static boolean pythonNeedsMore(String text) {
        return new PythonScan(text).unfinished();
    }

    /**
     * True when JavaScript {@code text} ends inside a literal the parser calls a plain syntax
     * error although more lines can close it: a template literal or a block comment.
     */
    static boolean jsEndsInsideLiteral(String text) {
        JsScan scan = new JsScan(text);
        return scan.unfinished() && scan.insideLiteral;
    }

    /** Brackets, strings and comments of JavaScript; template literals may span lines. */
    private static final class JsScan {
        private final String text;
        private final Deque<Character> open = new ArrayDeque<>();
        private int i;
        private boolean insideLiteral;

        JsScan(String text) {
            this.text = text;
        }

        boolean unfinished() {
            while (i < text.length()) {
                char c = text.charAt(i++);
                switch (c) {
                    case '(', '[', '{' -> open.push(c);
                    case ')', ']', '}' -> {
                        if (!open.isEmpty() && open.peek() == '$' && c == '}') {
                            open.pop(); // end of a ${...} inside a template literal
                            if (!template()) {
                                insideLiteral = true;
                            return true;
                            }
                        } else if (!open.isEmpty() && matches(open.peek(), c)) {
                            open.pop();
                        } else {
                            return false; // unbalanced: a syntax error for the language to report
                        }
                    }
                    case '\'', '"' -> skipString(c);
                    case '`' -> {
                        if (!template()) {
                            insideLiteral = true;
                            return true;
                        }
                    }
                    case '/' -> {
                        if (at('/')) {
                            skipToEndOfLine();
                        } else if (at('*')) {
                            int end = text.indexOf("*/", i + 1);
                            if (end < 0) {
                                insideLiteral = true;
                            return true;
                            }
                            i = end + 2;
                        }
                    }
                    default -> {
                        // other characters do not open or close anything
                    }
                }
            }
            return !open.isEmpty();
        }

        /** Reads a template literal's text up to its closing backtick or a ${; false when it runs out. */
        private boolean template() {
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == '`') {
                    return true;
                } else if (c == '$' && i < text.length() && text.charAt(i) == '{') {
                    i++;
                    open.push('$');
                    return true;
                }
            }
            return false;
        }

        private void skipString(char quote) {
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == quote || c == '\n') {
                    return;
                }
            }
        }

        private boolean at(char c) {
            return i < text.length() && text.charAt(i) == c;
        }

        private void skipToEndOfLine() {
            int nl = text.indexOf('\n', i);
            i = nl < 0 ? text.length() : nl;
        }
    }

    /** Brackets, strings and comments of Python, plus its block rule. */
    private static final class PythonScan {
        private final String text;
        private final Deque<Character> open = new ArrayDeque<>();
        private int i;
        private boolean block;

        PythonScan(String text) {
            this.text = text;
        }

        boolean unfinished() {
            StringBuilder line = new StringBuilder(); // the current line without strings and comments
            while (i < text.length()) {
                char c = text.charAt(i++);
                switch (c) {
                    case '(', '[', '{' -> open.push(c);
                    case ')', ']', '}' -> {
                        if (!open.isEmpty() && matches(open.peek(), c)) {
                            open.pop();
                        }
                    }
                    case '#' -> {
                        int nl = text.indexOf('\n', i);
                        i = nl < 0 ? text.length() : nl;
                        continue;
                    }
                    case '\'', '"' -> {
                        if (!skipString(c)) {
                            return true; // an open triple-quoted string
                        }
                        line.append('s');
                        continue;
                    }
                    case '\n' -> {
                        endOfLine(line);
                        line.setLength(0);
                        continue;
                    }
                    default -> {
                        // plain text
                    }
                }
                line.append(c);
            }
            endOfLine(line);
            if (!open.isEmpty() || text.stripTrailing().endsWith("\\")) {
                return true;
            }
            return block && !endsWithEmptyLine();
        }

        private void endOfLine(StringBuilder line) {
            String code = line.toString().strip();
            if (open.isEmpty() && (code.endsWith(":") || code.startsWith("@"))) {
                block = true;
            }
        }

        /** Skips a string literal; false when a triple-quoted one is still open at the end. */
        private boolean skipString(char quote) {
            boolean triple = i + 1 < text.length() && text.charAt(i) == quote && text.charAt(i + 1) == quote;
            if (triple) {
                String close = String.valueOf(quote).repeat(3);
                int end = i + 2;
                while (true) {
                    int found = text.indexOf(close, end);
                    if (found < 0) {
                        return false;
                    }
                    if (!escaped(found)) {
                        i = found + 3;
                        return true;
                    }
                    end = found + 1;
                }
            }
            while (i < text.length()) {
                char c = text.charAt(i++);
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    return true;
                } else if (c == '\n') {
                    i--; // an unterminated string: the line ends it, Python reports the error
                    return true;
                }
            }
            return true;
        }

        private boolean escaped(int index) {
            int backslashes = 0;
            for (int k = index - 1; k >= 0 && text.charAt(k) == '\\'; k--) {
                backslashes++;
            }
            return backslashes % 2 == 1;
        }

        private boolean endsWithEmptyLine() {
            int nl = text.lastIndexOf('\n');
            return nl >= 0 && text.substring(nl + 1).isBlank();
        }
    }

    private static boolean matches(char open, char close) {
        return (open == '(' && close == ')') || (open == '[' && close == ']') || (open == '{' && close == '}');
    }
}
