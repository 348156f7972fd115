package dev.polytrace.host.rules;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How bad an alert is, in Falco's (and syslog's) order, most severe first. */
public enum Priority {
    EMERGENCY, ALERT, CRITICAL, ERROR, WARNING, NOTICE, INFORMATIONAL, DEBUG;

    /** Case-insensitive; {@code info} stands for informational, as Falco reads it. */
    public static Optional<Priority> parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.equals("INFO")) {
            return Optional.of(INFORMATIONAL);
        }
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
    }

    public static String choices() {
        return Arrays.stream(values()).map(Priority::label).collect(Collectors.joining(", "));
    }

    /** Lower case, as rule files, JSON and metric labels spell it. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
