package dev.polytrace.host.rules;

import dev.polytrace.host.container.ContainerInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A rule's {@code output}: text with Falco-style fields, {@code %event.comm}, {@code %container.name},
 * {@code %proc.cmdline}, {@code %tracer} ({@code %%} is a percent sign). A field the event does not
 * have prints {@code <NA>}.
 */
final class OutputTemplate {
    private static final List<String> CONTAINER_FIELDS = Arrays.stream(ContainerInfo.class.getRecordComponents())
            .map(c -> c.getName()).toList();

    /** Literal text, or a field path such as [event, comm]. */
    private record Part(String text, List<String> path) {
    }

    private final List<Part> parts;

    private OutputTemplate(List<Part> parts) {
        this.parts = parts;
    }

    /** @throws IllegalArgumentException naming a field no event can have (an unknown variable, container or proc field) */
    static OutputTemplate parse(String template) {
        List<Part> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '%') {
                literal.append(c);
                i++;
                continue;
            }
            if (i + 1 < template.length() && template.charAt(i + 1) == '%') {
                literal.append('%');
                i += 2;
                continue;
            }
            int end = i + 1;
            while (end < template.length() && (Character.isLetterOrDigit(template.charAt(end))
                    || template.charAt(end) == '_' || template.charAt(end) == '.')) {
                end++;
            }
            while (end > i + 1 && template.charAt(end - 1) == '.') {
                end--; // a sentence's full stop after the field
            }
            List<String> path = List.of(template.substring(i + 1, end).split("\\."));
            check(path, template.substring(i, end));
            parts.add(new Part(literal.toString(), null));
            literal.setLength(0);
            parts.add(new Part(null, path));
            i = end;
        }
        parts.add(new Part(literal.toString(), null));
        return new OutputTemplate(parts);
    }

    private static void check(List<String> path, String field) {
        String root = path.get(0);
        if (root.isEmpty()) {
            throw new IllegalArgumentException("'%' must be followed by a field such as %event.comm (%% for a percent sign)");
        }
        switch (root) {
            case "event" -> {
                if (path.size() < 2) {
                    throw new IllegalArgumentException(field + ": name a field, e.g. %event.pid");
                }
            }
            case "tracer" -> {
                if (path.size() > 1) {
                    throw new IllegalArgumentException(field + ": %tracer is the tracer's name and has no fields");
                }
            }
            case "container" -> requireField(path, field, CONTAINER_FIELDS);
            case "proc" -> requireField(path, field, ProcInfo.FIELDS);
            default -> throw new IllegalArgumentException(field + ": unknown field (fields start with event., "
                    + "container., proc. or are %tracer)");
        }
    }

    private static void requireField(List<String> path, String field, List<String> known) {
        if (path.size() != 2 || !known.contains(path.get(1))) {
            throw new IllegalArgumentException(field + ": unknown field (" + path.get(0) + " has " + String.join(", ",
                    known) + ")");
        }
    }

    String render(RuleInput input) {
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part.path == null) {
                out.append(part.text);
            } else {
                out.append(format(input.field(part.path)));
            }
        }
        return out.toString();
    }

    private static String format(Object value) {
        return value == null ? "<NA>" : String.valueOf(value);
    }

    static Object select(Object value, List<String> path) {
        Object current = value;
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map) || !map.containsKey(key)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }
}
