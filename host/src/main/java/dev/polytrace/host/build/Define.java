package dev.polytrace.host.build;

import java.util.Optional;
import java.util.regex.Pattern;

/** {@code -D NAME[=VALUE]}: a macro passed to clang, as a Makefile's CFLAGS would. */
public record Define(String name, Optional<String> value) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Parses {@code NAME} or {@code NAME=VALUE}; a name that is not a C identifier is a {@link BuildException}. */
    public static Define parse(String spec) {
        int eq = spec.indexOf('=');
        String name = eq < 0 ? spec : spec.substring(0, eq);
        if (!IDENTIFIER.matcher(name).matches()) {
            throw new BuildException("-D '" + spec + "': expected NAME or NAME=VALUE with NAME a C identifier such as "
                    + "DEBUG, got " + (name.isEmpty() ? "an empty name" : "'" + name + "'"));
        }
        return new Define(name, eq < 0 ? Optional.empty() : Optional.of(spec.substring(eq + 1)));
    }

    /** The clang argument: {@code -DNAME} (defined as 1) or {@code -DNAME=VALUE}. */
    String clangArgument() {
        return "-D" + name + value.map(v -> "=" + v).orElse("");
    }
}
