package dev.polytrace.bpf;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Finding an object's program, map or global variable by name, and the error when there is none. */
final class NamedParts {
    private NamedParts() {
    }

    static <T> Optional<T> find(List<T> parts, Function<T, String> nameOf, String name) {
        return parts.stream().filter(p -> nameOf.apply(p).equals(name)).findFirst();
    }

    /** The part with that name; else a {@link BpfException} (ENOENT) listing the names the object has. */
    static <T> T require(String what, List<T> parts, Function<T, String> nameOf, String name) {
        return find(parts, nameOf, name).orElseThrow(() -> notFound(what, name, parts.stream().map(nameOf).toList()));
    }

    private static BpfException notFound(String what, String wanted, List<String> known) {
        return new BpfException("finding " + what + " '" + wanted + "'", Errno.ENOENT,
                "no such " + what + "; the object has: " + (known.isEmpty() ? "none" : String.join(", ", known)));
    }
}
