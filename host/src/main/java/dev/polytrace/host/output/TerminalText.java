package dev.polytrace.host.output;

/**
 * Text from a package, a handler or a daemon made safe to print on a terminal or write to a log:
 * control characters (ANSI escapes, carriage returns, C1 codes) and invisible format characters
 * (bidi overrides) become visible escapes such as {@code \x1b}, so a name or a log line cannot
 * clear the screen, move the cursor or forge a line of its own.
 */
public final class TerminalText {
    private TerminalText() {
    }

    /** On one line: newlines and tabs are escaped too. */
    public static String line(String text) {
        return escape(text, false);
    }

    /** Newlines and tabs kept, every other control character escaped. */
    public static String block(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean keepLines) {
        if (text == null) {
            return "";
        }
        if (text.codePoints().noneMatch(c -> needsEscape(c, keepLines))) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        text.codePoints().forEach(c -> {
            if (!needsEscape(c, keepLines)) {
                out.appendCodePoint(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c < 0x100) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.append(String.format("\\u{%04x}", c));
            }
        });
        return out.toString();
    }

    private static boolean needsEscape(int c, boolean keepLines) {
        if (keepLines && (c == '\n' || c == '\t')) {
            return false;
        }
        return switch (Character.getType(c)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.UNASSIGNED, Character.PRIVATE_USE -> true;
            default -> false;
        };
    }
}
