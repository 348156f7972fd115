package dev.polytrace.script.api;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.graalvm.polyglot.Value;

/**
 * The options argument of ctx methods: an object in JS ({@code {sum: true}}), a dict in Python
 * ({@code {'sum': True}}), since host methods cannot take Python keyword arguments. Unknown
 * option names are errors, so a typo does not silently do nothing.
 */
final class GuestOptions {
    private final String what;
    private final Map<String, Object> values;

    private GuestOptions(String what, Map<String, Object> values) {
        this.what = what;
        this.values = values;
    }

    /** @param allowed the option names this method takes */
    static GuestOptions read(Value options, String what, Set<String> allowed) {
        if (options == null || options.isNull()) {
            return new GuestOptions(what, Map.of());
        }
        Object converted = GuestValues.toJava(options, what + " options");
        if (!(converted instanceof Map<?, ?> map)) {
            throw new HandlerApiException(what + ": options must be an object such as {" + allowed.iterator().next()
                    + ": true} (a dict in Python), got " + GuestToJava.describe(options));
        }
        Map<String, Object> values = GuestValues.stringKeyed(map);
        for (String name : values.keySet()) {
            if (!allowed.contains(name)) {
                throw new HandlerApiException(what + ": unknown option '" + name + "'; options: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
        return new GuestOptions(what, values);
    }

    /** A boolean option; null when not given. */
    Boolean flag(String name) {
        Object v = values.get(name);
        if (v == null || v instanceof Boolean) {
            return (Boolean) v;
        }
        throw new HandlerApiException(what + ": option '" + name + "' must be true or false, got " + v);
    }

    boolean flag(String name, boolean otherwise) {
        Boolean v = flag(name);
        return v == null ? otherwise : v;
    }
}
