package dev.polytrace.host.repl;

import dev.polytrace.host.input.UserError;
import java.util.Locale;
import org.graalvm.polyglot.Source;

/** The guest languages of the prompt, and how each one's values read back to its users. */
public enum ReplLanguage {
    JS("js", "js", "JavaScript"),
    PYTHON("python", "py", "Python");

    /** The polyglot language id. */
    final String id;
    final String promptName;
    final String displayName;

    ReplLanguage(String id, String promptName, String displayName) {
        this.id = id;
        this.promptName = promptName;
        this.displayName = displayName;
    }

    /** "js", "javascript", "python" or "py", in any case. */
    public static ReplLanguage parse(String text) {
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "js", "javascript" -> JS;
            case "python", "py" -> PYTHON;
            default -> throw new UserError("unknown language '" + text + "' (js or python)");
        };
    }

    /**
     * What the user typed as the parser should judge a prompt statement: Python's in interactive
     * mode with the Enter that ended it, which makes a block wait for an empty line as in
     * python's own prompt; JavaScript's as it is.
     */
    Source promptStatement(String code, String name) {
        return switch (this) {
            case JS -> Source.newBuilder(id, code, name).buildLiteral();
            case PYTHON -> Source.newBuilder(id, code + "\n", name).interactive(true).buildLiteral();
        };
    }

    String literalNull() {
        return this == JS ? "null" : "None";
    }

    String literalBoolean(boolean value) {
        return this == JS ? Boolean.toString(value) : (value ? "True" : "False");
    }

    /** A string inside a structure: JS writes "double quotes", Python 'single quotes'. */
    String quote(String text) {
        char q = this == JS ? '"' : '\'';
        StringBuilder out = new StringBuilder(text.length() + 2).append(q);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c == q) {
                        out.append('\\').append(c);
                    } else if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append(q).toString();
    }

    /** An object key: JS leaves identifiers bare ({@code {pid: 1}}), Python quotes every string key. */
    String key(String name) {
        if (this == JS && name.matches("[A-Za-z_$][A-Za-z0-9_$]*")) {
            return name;
        }
        return quote(name);
    }
}
