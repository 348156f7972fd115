package dev.polytrace.host.rules;

import dev.polytrace.host.input.UserError;

/** A rule file that cannot be used: names the file, the line and what is wrong there. */
public final class RuleFileException extends UserError {
    private final String file;
    private final int line;

    public RuleFileException(String file, int line, String problem) {
        super(file + (line > 0 ? " line " + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public String file() {
        return file;
    }

    /** 1-based; 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
