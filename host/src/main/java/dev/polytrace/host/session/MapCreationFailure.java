package dev.polytrace.host.session;

import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.VerifierException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Explains a load that failed because the kernel refused to create a map, which libbpf reports
 * as {@code map 'start': failed to create: Invalid argument(-22)} at the end of a long log:
 * which of the map's attributes is zero or invalid, and how to set it. The map's shape is taken
 * before load, since a failed load closes the object.
 */
final class MapCreationFailure {
    private static final Pattern FAILED = Pattern.compile("map '([^']+)': failed to create: ([^\\n]*)");

    /** A map's attributes as they were handed to the kernel. */
    record Shape(String name, MapType type, int keySize, int valueSize, int maxEntries, boolean internal) {
    }

    private final List<Shape> shapes;

    private MapCreationFailure(List<Shape> shapes) {
        this.shapes = shapes;
    }

    /** Takes the shape of every map, right before load. */
    static MapCreationFailure before(OpenBpfObject open) {
        return of(open.maps().stream().map(m -> new Shape(m.name(), m.type(), m.keySize(), m.valueSize(),
                m.maxEntries(), m.isInternal())).toList());
    }

    static MapCreationFailure of(List<Shape> shapes) {
        return new MapCreationFailure(List.copyOf(shapes));
    }

    /** One line naming the map, what is wrong with it and how to set it; empty when no map failed. */
    Optional<String> explain(VerifierException e) {
        Matcher m = FAILED.matcher(e.log());
        if (!m.find()) {
            return Optional.empty();
        }
        String name = m.group(1);
        String error = m.group(2).strip();
        Optional<Shape> shape = shapes.stream().filter(s -> s.name().equals(name)).findFirst();
        return Optional.of("the kernel refused to create map '" + name + "' (" + error + ")"
                + shape.map(s -> ": " + describe(s) + "; " + problem(s, error)).orElse(""));
    }

    private static String describe(Shape s) {
        return s.type().displayName() + ", key_size " + s.keySize() + ", value_size " + s.valueSize()
                + ", max_entries " + s.maxEntries();
    }

    /**
     * The attribute that is wrong, as far as it can be told from outside the kernel, and the fix.
     * (libbpf itself rounds a ring buffer's size up to a power-of-two number of pages.)
     */
    static String problem(Shape s, String error) {
        String resize = "--map-size " + s.name() + "=N (or \"maps\" in the package)";
        if (s.internal()) {
            return "it is libbpf's map of a data section, sized by the section";
        }
        if (s.maxEntries() == 0 && MapSizing.defaultMaxEntries(s.type()).isPresent()) {
            return "max_entries is 0: set it with " + resize;
        }
        if (s.type() == MapType.STACK_TRACE && (s.valueSize() == 0 || s.valueSize() % 8 != 0)) {
            return "value_size must be a multiple of 8 (one u64 per frame), as the object declares it";
        }
        if (s.keySize() == 0 && !s.type().isEventStream()) {
            return "key_size is 0: the object must declare the key (__type(key, ...) or __uint(key_size, ...))";
        }
        if (s.valueSize() == 0 && !s.type().isEventStream()) {
            return "value_size is 0: the object must declare the value (__type(value, ...) or __uint(value_size, ...))";
        }
        if (error.endsWith("(-7)") || error.endsWith("(-12)")) { // E2BIG, ENOMEM
            return "max_entries " + s.maxEntries() + " is too large for this map: set a smaller one with " + resize;
        }
        return "the kernel may not support this map type or these sizes; max_entries is set with " + resize;
    }
}
