package dev.polytrace.host.repl;

import java.util.function.Predicate;
import org.jline.reader.EOFError;
import org.jline.reader.ParsedLine;
import org.jline.reader.Parser;
import org.jline.reader.impl.DefaultParser;

/**
 * Splits what the user typed for JLine. A {@code :command} line is split into words like a shell
 * line. A line of code is accepted only when it is a whole statement: otherwise JLine is told to
 * read a continuation line (it shows the secondary prompt) and the statement grows until it is.
 */
final class ReplParser implements Parser {
    private final DefaultParser words = new DefaultParser();
    private final Predicate<String> needsMore;

    ReplParser(Predicate<String> needsMore) {
        this.needsMore = needsMore;
    }

    static boolean isCommand(String line) {
        return line.stripLeading().startsWith(":");
    }

    @Override
    public ParsedLine parse(String line, int cursor, ParseContext context) {
        if (isCommand(line)) {
            // A command is never continued on the next line, even with an open quote.
            return words.parse(line, cursor, context == ParseContext.ACCEPT_LINE ? ParseContext.SPLIT_LINE : context);
        }
        if (context == ParseContext.ACCEPT_LINE && !line.isBlank() && needsMore.test(line)) {
            throw new EOFError(-1, -1, "incomplete statement");
        }
        return CodeLine.at(line, cursor);
    }
}
