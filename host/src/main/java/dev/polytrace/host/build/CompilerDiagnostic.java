package dev.polytrace.host.build;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One diagnostic of clang's, as its {@code FILE:LINE:COLUMN: SEVERITY: MESSAGE} line says, for
 * clients that show errors beside the source rather than as text.
 *
 * @param severity "error", "fatal error", "warning" or "note"
 */
public record CompilerDiagnostic(String file, int line, int column, String severity, String message) {
    private static final Pattern LINE = Pattern.compile(
            "^(.+?):(\\d+):(\\d+): (fatal error|error|warning|note): (.*)$", Pattern.MULTILINE);

    /** Every diagnostic line of {@code stderr}, in order; caret and source lines are left out. */
    public static List<CompilerDiagnostic> parse(String stderr) {
        List<CompilerDiagnostic> found = new ArrayList<>();
        Matcher m = LINE.matcher(stderr);
        while (m.find()) {
            found.add(new CompilerDiagnostic(m.group(1), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
                    m.group(4), m.group(5)));
        }
        return found;
    }
}
