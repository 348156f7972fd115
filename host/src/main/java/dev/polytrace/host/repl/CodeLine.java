package dev.polytrace.host.repl;

import java.util.List;
import org.jline.reader.CompletingParsedLine;

/**
 * A line of guest code as completion sees it: the word is the dotted name that ends at the cursor
 * ({@code ctx.maps.co} in {@code print(ctx.maps.co}), so a candidate replaces the whole chain.
 */
record CodeLine(String line, int cursor, String word, int wordCursor) implements CompletingParsedLine {
    static CodeLine at(String line, int cursor) {
        int start = cursor;
        while (start > 0 && isNameChar(line.charAt(start - 1))) {
            start--;
        }
        String word = line.substring(start, cursor);
        return new CodeLine(line, cursor, word, word.length());
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c == '.';
    }

    @Override
    public int wordIndex() {
        return 0;
    }

    @Override
    public List<String> words() {
        return List.of(word);
    }

    /** Names need no quoting: a candidate goes in as it is. */
    @Override
    public CharSequence escape(CharSequence candidate, boolean complete) {
        return candidate;
    }

    @Override
    public int rawWordCursor() {
        return wordCursor;
    }

    @Override
    public int rawWordLength() {
        return word.length();
    }
}
