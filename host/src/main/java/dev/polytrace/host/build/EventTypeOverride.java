package dev.polytrace.host.build;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --event MAP=TYPE}: the record type of a ring buffer or perf event array map, chosen on
 * the command line. It wins over an {@code @event} annotation and over inference, for sources
 * that cannot be annotated because they are built unchanged.
 *
 * @param type a type name such as "struct event" or "event_t", spaces normalised
 */
public record EventTypeOverride(String map, String type) implements StreamOrigin {
    private static final Pattern SPEC = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)=(.*)");

    /** Parses {@code MAP=TYPE}; a malformed spec is a {@link BuildException} naming it. */
    public static EventTypeOverride parse(String spec) {
        Matcher m = SPEC.matcher(spec.strip());
        if (!m.matches()) {
            throw new BuildException("--event " + spec + ": expected MAP=TYPE with MAP a map's name, e.g. "
                    + "--event events=struct event");
        }
        String type = m.group(2).strip().replaceAll("\\s+", " ");
        if (!EventStreamSource.TYPE_NAME.matcher(type).matches()) {
            throw new BuildException("--event " + spec + ": expected a type name such as 'struct event' or "
                    + "'event_t' after '=', got '" + m.group(2).strip() + "'");
        }
        return new EventTypeOverride(m.group(1), type);
    }

    @Override
    public String label() {
        return "--event " + map + "=" + type;
    }

    /** clang names the option, as if it were a file, when the type does not exist. */
    @Override
    public String lineDirective() {
        return "#line 1 \"" + SourceLine.cString(label()) + "\"";
    }
}
