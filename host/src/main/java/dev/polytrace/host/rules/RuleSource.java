package dev.polytrace.host.rules;

import dev.polytrace.host.input.UserError;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One rule file's text and the name its errors are reported under.
 *
 * @param name the path as given, or {@code bundled} for the rule set shipped with polytrace
 */
public record RuleSource(String name, String text) {
    /** The name that stands for the bundled rule set wherever a rules file is asked for. */
    public static final String BUNDLED = "bundled";
    private static final String BUNDLED_RESOURCE = "/dev/polytrace/host/rules/bundled-rules.yaml";

    /** {@code bundled}, or a file's path. */
    public static RuleSource read(String spec) {
        if (spec.equals(BUNDLED)) {
            return bundled();
        }
        Path file = Path.of(spec);
        if (!Files.isRegularFile(file)) {
            throw new UserError("rules " + spec + ": no such file (or give 'bundled' for polytrace's own rules)");
        }
        try {
            return new RuleSource(spec, Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UserError("rules " + spec + ": cannot read (" + e.getMessage() + ")");
        }
    }

    public static RuleSource bundled() {
        try (InputStream in = RuleSource.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(BUNDLED_RESOURCE + " is missing from the class path");
            }
            return new RuleSource(BUNDLED, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
