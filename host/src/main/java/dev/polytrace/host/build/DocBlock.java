package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Consecutive {@code ///} lines directly above a declaration: free text (a param's help) and
 * annotations ({@link Annotation#TAGS}). Other {@code @words} stay part of the text.
 */
final class DocBlock {
    static final DocBlock EMPTY = new DocBlock(List.of());

    private final List<DocLine> lines;
    private final List<Annotation> annotations = new ArrayList<>();
    private final List<String> text = new ArrayList<>();

    DocBlock(List<DocLine> lines) {
        this.lines = List.copyOf(lines);
        for (int i = 0; i < lines.size(); i++) {
            DocLine l = lines.get(i);
            String tag = tagOf(l.text());
            if (tag == null) {
                if (!l.text().isEmpty()) {
                    text.add(l.text());
                }
                continue;
            }
            StringBuilder argument = new StringBuilder(l.text().substring(tag.length() + 1).strip());
            while (argument.toString().startsWith("{") && braceDepth(argument) > 0 && i + 1 < lines.size()) {
                argument.append(' ').append(lines.get(++i).text());
            }
            annotations.add(new Annotation(tag, argument.toString().strip(), l.line()));
        }
    }

    /** The first line of the block, or -1 when empty. */
    int firstLine() {
        return lines.isEmpty() ? -1 : lines.get(0).line();
    }

    List<DocLine> lines() {
        return lines;
    }

    /** The text lines joined with spaces, "" when there are none. */
    String help() {
        return String.join(" ", text);
    }

    List<Annotation> annotations() {
        return List.copyOf(annotations);
    }

    /** The annotation with that tag; the first one when repeated. */
    Optional<Annotation> annotation(String tag) {
        return annotations.stream().filter(a -> a.tag().equals(tag)).findFirst();
    }

    private static String tagOf(String text) {
        if (!text.startsWith("@")) {
            return null;
        }
        int end = 1;
        while (end < text.length() && Character.isLetter(text.charAt(end))) {
            end++;
        }
        String tag = text.substring(1, end);
        return Annotation.TAGS.contains(tag) && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))
                ? tag : null;
    }

    /** Open braces not yet closed, ignoring braces inside JSON strings. */
    private static int braceDepth(CharSequence json) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            }
        }
        return depth;
    }
}
