package dev.polytrace.host.pkg;

import java.util.regex.Pattern;

/**
 * The one rule for the names a tracer goes by: a package's {@code name}, an eunomia package's
 * {@code obj_name}, the name a deploy request gives. Names end up in logs, terminals, metric
 * labels and command lines, so they are short and made of characters that mean nothing there.
 */
public final class PackageNames {
    public static final int MAX_LENGTH = 64;
    /** What a valid name is, for error messages. */
    public static final String RULE = "1-" + MAX_LENGTH + " characters of letters, digits, '.', '_' and '-'";
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9_.-]{1," + MAX_LENGTH + "}");

    private PackageNames() {
    }

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    /** Why {@code name} is refused, without repeating it (it may be huge or hold escapes). */
    public static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "must not be empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "must be " + RULE + " (this one has " + name.length() + " characters)";
        }
        return "must be " + RULE + " (this one has others)";
    }

    /** The field's text when it is a valid name; a format error at the field's path otherwise. */
    static String require(JsonField field) {
        String name = field.text();
        if (!isValid(name)) {
            throw field.fail(problem(name));
        }
        return name;
    }
}
