package dev.polytrace.host.input;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;

/** "10s", "500ms", "2m", "1h" or a bare number of seconds. */
public final class DurationParser implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        return parse(value);
    }

    public static Duration parse(String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            long n = Long.parseLong(v.replaceAll("[smh]$", ""));
            return switch (v.charAt(v.length() - 1)) {
                case 'm' -> Duration.ofMinutes(n);
                case 'h' -> Duration.ofHours(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw new UserError("not a duration: '" + value + "' (examples: 10s, 500ms, 2m)");
        }
    }
}
