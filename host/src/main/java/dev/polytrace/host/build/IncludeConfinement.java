package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps a build for someone else to their own files: every {@code #include}-like directive and
 * {@code __has_include}-like test in a source must name a relative path without {@code ..}, so
 * that it resolves among the request's files (written into a private directory), the system
 * headers or the generated vmlinux.h, never to another file of the building machine such as
 * {@code /etc/shadow}. The text is read as the preprocessor reads it: backslash-newlines joined,
 * comments removed, {@code %:} (and {@code ??=}) taken for {@code #}. A computed include
 * ({@code #include MACRO}) is refused, since what it names is only known after expansion, and so
 * is {@code #pragma GCC dependency}, which touches a file by name.
 */
public final class IncludeConfinement {
    private static final Set<String> INCLUDING = Set.of("include", "include_next", "import", "embed");
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*(?:#|%:|\\?\\?=)\\s*([A-Za-z_]+)(.*)$");
    private static final Pattern HAS_INCLUDE = Pattern.compile("__has_(?:include|include_next|embed)\\s*\\(\\s*([^)]*)\\)?");
    private static final Pattern LITERAL = Pattern.compile("\"([^\"]*)\".*|<([^>]*)>.*");
    private static final Pattern DEPENDENCY = Pattern.compile("\\bdependency\\b");
    /**
     * The same rule on directive lines with comments left in: a header name may hold what looks
     * like a comment ({@code </*...>}), which the preprocessor does not strip there.
     */
    private static final Pattern RAW_ESCAPE = Pattern.compile("^\\s*(?:#|%:|\\?\\?=)\\s*(?:include|import|embed)\\w*\\s*"
            + "[<\"]\\s*(?:/|\\\\|(?:[^>\"\\n]*/)?\\.\\.(?:/|[>\"]))", Pattern.MULTILINE);

    private IncludeConfinement() {
    }

    /** @throws IncludeRefusedException naming the file, line and directive at fault */
    public static void check(String fileName, String text) {
        for (LogicalLine line : logicalLines(text)) {
            Matcher d = DIRECTIVE.matcher(line.text);
            if (d.matches() && INCLUDING.contains(d.group(1))) {
                checkOperand(fileName, line, "#" + d.group(1), d.group(2).strip());
            }
            if (d.matches() && d.group(1).equals("pragma") && DEPENDENCY.matcher(d.group(2)).find()
                    || line.text.contains("_Pragma") && DEPENDENCY.matcher(line.text).find()) {
                throw refused(fileName, line, "#pragma dependency", "it reads a file of the building machine by name");
            }
            Matcher has = HAS_INCLUDE.matcher(line.text);
            while (has.find()) {
                checkOperand(fileName, line, "__has_include", has.group(1).strip());
            }
        }
        Matcher raw = RAW_ESCAPE.matcher(text.replaceAll("\\\\[ \t\r]*\n", ""));
        if (raw.find()) {
            throw new IncludeRefusedException(fileName + ": '" + raw.group() + "' is refused: only relative paths "
                    + "without '..' are allowed: the request's own files, system headers and vmlinux.h");
        }
    }

    private static void checkOperand(String fileName, LogicalLine line, String directive, String operand) {
        Matcher m = LITERAL.matcher(operand);
        if (!m.matches()) {
            throw refused(fileName, line, directive + " " + operand,
                    "a computed include (a macro) can name any file; write the header's name in quotes or <>");
        }
        String path = m.group(1) != null ? m.group(1) : m.group(2);
        if (path.isEmpty() || path.startsWith("/") || path.contains("\\") || List.of(path.split("/")).contains("..")) {
            throw refused(fileName, line, directive + " " + operand,
                    "only relative paths without '..' are allowed: the request's own files, system headers and vmlinux.h");
        }
    }

    private static IncludeRefusedException refused(String fileName, LogicalLine line, String what, String why) {
        return new IncludeRefusedException(fileName + ":" + line.number + ": " + what + " is refused: " + why);
    }

    /** A line after joining continuations and removing comments, numbered by where it starts. */
    private record LogicalLine(int number, String text) {
    }

    private static List<LogicalLine> logicalLines(String src) {
        List<LogicalLine> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int lineNo = 1;
        int start = 1;
        int i = 0;
        int n = src.length();
        while (i < n) {
            int joined = continuation(src, i);
            if (joined > 0) {
                i += joined;
                lineNo++;
                continue;
            }
            char c = src.charAt(i);
            if (c == '/' && i + 1 < n && src.charAt(i + 1) == '*') {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? n : end + 2;
                lineNo += (int) src.substring(i, end).chars().filter(ch -> ch == '\n').count();
                current.append(' ');
                i = end;
            } else if (c == '/' && i + 1 < n && src.charAt(i + 1) == '/') {
                // a // comment runs to the end of the line, continuations included
                while (i < n && src.charAt(i) != '\n') {
                    int k = continuation(src, i);
                    if (k > 0) {
                        i += k;
                        lineNo++;
                    } else {
                        i++;
                    }
                }
            } else if (c == '"' || c == '\'') {
                current.append(c);
                i++;
                while (i < n && src.charAt(i) != c && src.charAt(i) != '\n') {
                    int k = continuation(src, i);
                    if (k > 0) {
                        i += k;
                        lineNo++;
                        continue;
                    }
                    if (src.charAt(i) == '\\' && i + 1 < n && src.charAt(i + 1) != '\n') {
                        current.append(src.charAt(i++));
                    }
                    current.append(src.charAt(i++));
                }
                if (i < n && src.charAt(i) == c) {
                    current.append(src.charAt(i++));
                }
            } else if (c == '\n') {
                lines.add(new LogicalLine(start, current.toString()));
                current.setLength(0);
                i++;
                lineNo++;
                start = lineNo;
            } else {
                current.append(c);
                i++;
            }
        }
        lines.add(new LogicalLine(start, current.toString()));
        return lines;
    }

    /** The length of a backslash-newline at {@code i} (clang allows blanks between them), else 0. */
    private static int continuation(String src, int i) {
        if (src.charAt(i) != '\\') {
            return 0;
        }
        int j = i + 1;
        while (j < src.length() && (src.charAt(j) == ' ' || src.charAt(j) == '\t' || src.charAt(j) == '\r')) {
            j++;
        }
        return j < src.length() && src.charAt(j) == '\n' ? j + 1 - i : 0;
    }
}
