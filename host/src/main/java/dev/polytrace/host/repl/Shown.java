package dev.polytrace.host.repl;

import java.util.List;

/**
 * A value as the prompt shows it: text, or a bracketed group of items that stays on one line
 * when it fits the terminal and otherwise puts each item on its own indented line.
 */
sealed interface Shown {
    /** Items beyond this many are summarised as "... N more". */
    int MAX_ITEMS = 200;

    /** A leaf: a number, a quoted string, a name. */
    record Atom(String text) implements Shown {
    }

    /** {@code key: value} inside an object. */
    record Pair(String key, Shown value) implements Shown {
    }

    /** {@code [a, b]} or {@code {k: v}}. */
    record Group(String open, String close, List<Shown> items) implements Shown {
        public Group {
            items = List.copyOf(items);
        }
    }

    /** The text of {@code shown}, wrapped to {@code width} columns. */
    static String layout(Shown shown, int width) {
        StringBuilder out = new StringBuilder();
        layout(shown, 0, Math.max(20, width), out);
        return out.toString();
    }

    private static void layout(Shown shown, int indent, int width, StringBuilder out) {
        String flat = flat(shown);
        if (indent + flat.length() <= width || shown instanceof Atom) {
            out.append(flat);
            return;
        }
        if (shown instanceof Pair pair) {
            out.append(pair.key()).append(": ");
            layout(pair.value(), indent, width, out);
            return;
        }
        Group group = (Group) shown;
        out.append(group.open()).append('\n');
        String pad = " ".repeat(indent + 2);
        for (int i = 0; i < group.items().size(); i++) {
            out.append(pad);
            layout(group.items().get(i), indent + 2, width, out);
            out.append(i + 1 < group.items().size() ? ",\n" : "\n");
        }
        out.append(" ".repeat(indent)).append(group.close());
    }

    /** The one-line text. */
    static String flat(Shown shown) {
        return switch (shown) {
            case Atom atom -> atom.text();
            case Pair pair -> pair.key() + ": " + flat(pair.value());
            case Group group -> {
                StringBuilder out = new StringBuilder(group.open());
                for (int i = 0; i < group.items().size(); i++) {
                    out.append(i == 0 ? "" : ", ").append(flat(group.items().get(i)));
                }
                yield out.append(group.close()).toString();
            }
        };
    }
}
