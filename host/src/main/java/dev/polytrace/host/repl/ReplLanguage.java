package dev.polytrace.host.repl;

import dev.polytrace.host.input.UserError;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** The guest languages of the prompt: how each one's input is judged and its values read back. */
public enum ReplLanguage {
    JS("js", "js", "JavaScript", "null", "true", "false", '"'),
    PYTHON("python", "py", "Python", "None", "True", "False", '\'');

    private static final Set<String> CONTAINERS = Set.of("list", "tuple", "dict", "set", "frozenset");

    /** The polyglot language id. */
    final String id;
    final String promptName;
    final String displayName;
    private final String nullLiteral;
    private final String trueLiteral;
    private final String falseLiteral;
    private final char quote;

    ReplLanguage(String id, String promptName, String displayName, String nullLiteral, String trueLiteral,
                 String falseLiteral, char quote) {
        this.id = id;
        this.promptName = promptName;
        this.displayName = displayName;
        this.nullLiteral = nullLiteral;
        this.trueLiteral = trueLiteral;
        this.falseLiteral = falseLiteral;
        this.quote = quote;
    }

    /** Whether {@code text} is unfinished, judged from its text alone (see {@link InputCompleteness}). */
    boolean needsMore(String text) {
        return switch (this) {
            case JS -> InputCompleteness.jsNeedsMore(text);
            case PYTHON -> InputCompleteness.pythonNeedsMore(text);
        };
    }

    /** Whether {@code text} ends inside a literal the parser calls a plain syntax error although more lines can close it. */
    boolean endsInsideLiteral(String text) {
        return switch (this) {
            case JS -> InputCompleteness.jsEndsInsideLiteral(text);
            case PYTHON -> false; // Python's parser calls an open triple-quoted string incomplete
        };
    }

    /** The typed code as it is evaluated. */
    String evaluated(String code) {
        return switch (this) {
            case JS -> code;
            case PYTHON -> code.stripTrailing();
        };
    }

    /** Whether an evaluation's result is nothing to show: JS undefined; Python None, or a statement's module. */
    boolean showsNothing(Value result) {
        return switch (this) {
            case JS -> result.isNull() && "undefined".equals(result.toString());
            case PYTHON -> result.isNull() || "module".equals(metaName(result))
                    && result.toString().startsWith("<module '__main__'");
        };
    }

    /** How a null value reads: JS's null or undefined, Python's None. */
    String nullText(Value value) {
        return switch (this) {
            case JS -> value.toString();
            case PYTHON -> nullLiteral;
        };
    }

    /** Whether a guest value with array elements or hash entries shows item by item (other Python objects show their repr). */
    boolean isStructure(Value value) {
        return switch (this) {
            case JS -> true;
            case PYTHON -> CONTAINERS.contains(metaName(value));
        };
    }

    boolean isTuple(Value value) {
        return switch (this) {
            case JS -> false;
            case PYTHON -> "tuple".equals(metaName(value));
        };
    }

    /** Whether a guest object with members shows member by member (a Python object shows its repr). */
    boolean showsMembers() {
        return switch (this) {
            case JS -> true;
            case PYTHON -> false;
        };
    }

    String functionText(Value function) {
        return switch (this) {
            case JS -> {
                Value name = function.hasMembers() ? function.getMember("name") : null;
                yield name != null && name.isString() && !name.asString().isEmpty()
                        ? "[Function: " + name.asString() + "]" : "[Function]";
            }
            case PYTHON -> function.toString();
        };
    }

    /** What to say before the language's first context in a process starts, if anything. */
    Optional<String> startNotice() {
        return switch (this) {
            case JS -> Optional.empty();
            case PYTHON -> Optional.of("starting Python (the first Python context in a process takes several seconds)...");
        };
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
        return nullLiteral;
    }

    String literalBoolean(boolean value) {
        return value ? trueLiteral : falseLiteral;
    }

    /** A string inside a structure: JS writes "double quotes", Python 'single quotes'. */
    String quote(String text) {
        char q = quote;
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
        boolean bare = switch (this) {
            case JS -> name.matches("[A-Za-z_$][A-Za-z0-9_$]*");
            case PYTHON -> false;
        };
        return bare ? name : quote(name);
    }

    private static String metaName(Value v) {
        Value meta = v.getMetaObject();
        return meta == null ? "" : meta.getMetaSimpleName();
    }
}
