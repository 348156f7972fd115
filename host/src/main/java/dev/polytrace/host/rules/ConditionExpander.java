package dev.polytrace.host.rules;

import dev.polytrace.host.rules.RuleDefinitions.ListDef;
import dev.polytrace.host.rules.RuleDefinitions.MacroDef;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * Turns a condition that names lists and macros into plain CEL: a list becomes a list literal
 * ({@code ["bash", "sh"]}), a macro its condition in parentheses, expanded in turn. Names are
 * replaced only where they stand alone: not in string literals, not after a dot (a field), not
 * before a parenthesis (a function). The result remembers which of its characters came from the
 * condition itself, so a compile error maps back to the condition's own line and column.
 */
final class ConditionExpander {
    private final Map<String, ListDef> lists;
    private final Map<String, MacroDef> macros;

    ConditionExpander(Map<String, ListDef> lists, Map<String, MacroDef> macros) {
        this.lists = lists;
        this.macros = macros;
    }

    record Segment(int start, int length, int originalStart) {
    }

    record Inserted(int start, int length, String name) {
    }

    /** @throws ExpansionException a macro that names itself, directly or through others */
    Expanded expand(String condition) {
        return expand(condition, null);
    }

    /** A macro's own condition: {@code self} is its name, which it may not use. */
    Expanded expand(String condition, String self) {
        StringBuilder out = new StringBuilder();
        List<Segment> segments = new ArrayList<>();
        List<Inserted> inserted = new ArrayList<>();
        Deque<String> expanding = new ArrayDeque<>();
        if (self != null) {
            expanding.push(self);
        }
        expandInto(condition, out, segments, inserted, expanding, true);
        return new Expanded(out.toString(), segments, inserted);
    }

    /** An expanded condition; see {@link #originalOffset} and {@link #nameAt}. */
    record Expanded(String text, List<Segment> segments, List<Inserted> inserted) {
        /** The condition's own offset for an offset of {@code text}, or -1 inside an expanded list or macro. */
        int originalOffset(int offset) {
            for (Segment s : segments) {
                if (offset >= s.start() && offset < s.start() + s.length()) {
                    return s.originalStart() + offset - s.start();
                }
            }
            return -1;
        }

        /** The list or macro (the outermost) whose expansion holds {@code offset}, or null. */
        String nameAt(int offset) {
            for (Inserted i : inserted) {
                if (offset >= i.start() && offset < i.start() + i.length()) {
                    return i.name();
                }
            }
            return null;
        }
    }

    static final class ExpansionException extends RuntimeException {
        ExpansionException(String message) {
            super(message);
        }
    }

    private void expandInto(String text, StringBuilder out, List<Segment> segments, List<Inserted> inserted,
                            Deque<String> expanding, boolean own) {
        int i = 0;
        int copiedFrom = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = skipString(text, i);
                continue;
            }
            if (Character.isDigit(c)) { // a number, maybe 0x1f or 3u: no name inside
                while (i < text.length() && Character.isLetterOrDigit(text.charAt(i))) {
                    i++;
                }
                continue;
            }
            if (!Character.isLetter(c) && c != '_') {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                i++;
            }
            String name = text.substring(start, i);
            String replacement = replacement(name, text, start, i, expanding);
            if (replacement == null) {
                continue;
            }
            copy(text, copiedFrom, start, out, segments, own);
            int insertedAt = out.length();
            out.append(replacement);
            if (own) {
                inserted.add(new Inserted(insertedAt, replacement.length(), name));
            }
            copiedFrom = i;
        }
        copy(text, copiedFrom, text.length(), out, segments, own);
    }

    private String replacement(String name, String text, int start, int end, Deque<String> expanding) {
        if (afterDot(text, start) || beforeParenthesis(text, end)) {
            return null;
        }
        if (lists.containsKey(name)) {
            return ListLiteral.of(name, lists);
        }
        MacroDef macro = macros.get(name);
        if (macro == null) {
            return null;
        }
        if (expanding.contains(name)) {
            List<String> chain = new ArrayList<>(expanding.reversed());
            chain.add(name);
            throw new ExpansionException("macro '" + name + "' uses itself: " + String.join(" -> ", chain));
        }
        expanding.push(name);
        StringBuilder body = new StringBuilder("(");
        expandInto(macro.condition(), body, new ArrayList<>(), new ArrayList<>(), expanding, false);
        expanding.pop();
        return body.append(')').toString();
    }

    private static void copy(String text, int from, int to, StringBuilder out, List<Segment> segments, boolean own) {
        if (to > from) {
            if (own) {
                segments.add(new Segment(out.length(), to - from, from));
            }
            out.append(text, from, to);
        }
    }

    /** Past a string literal starting at {@code i} (single, double or triple quotes, backslash escapes). */
    static int skipString(String text, int i) {
        char quote = text.charAt(i);
        boolean triple = text.startsWith(String.valueOf(quote).repeat(3), i);
        int j = i + (triple ? 3 : 1);
        while (j < text.length()) {
            char c = text.charAt(j);
            if (c == '\\') {
                j += 2;
            } else if (triple ? text.startsWith(String.valueOf(quote).repeat(3), j) : c == quote) {
                return j + (triple ? 3 : 1);
            } else {
                j++;
            }
        }
        return j;
    }

    private static boolean afterDot(String text, int start) {
        int j = start - 1;
        while (j >= 0 && Character.isWhitespace(text.charAt(j))) {
            j--;
        }
        return j >= 0 && text.charAt(j) == '.';
    }

    private static boolean beforeParenthesis(String text, int end) {
        int j = end;
        while (j < text.length() && Character.isWhitespace(text.charAt(j))) {
            j++;
        }
        return j < text.length() && text.charAt(j) == '(';
    }
}
