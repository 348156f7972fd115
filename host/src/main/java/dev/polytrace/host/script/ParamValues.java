package dev.polytrace.host.script;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.GlobalVariable;
import dev.polytrace.script.codec.BtfCodec;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ctx.params} read back from the loaded object's globals, so the handler sees exactly what
 * the BPF programs see (after {@code --param} parsing, range checks and enum names), decoded like
 * any other BTF value.
 */
final class ParamValues {
    private static final BtfCodec CODEC = new BtfCodec();

    private ParamValues() {
    }

    /** {@code declared}'s names with their values in {@code object}; a name it lacks keeps its given value. */
    static Map<String, Object> read(BpfObject object, Map<String, Object> declared) {
        Map<String, Object> values = new LinkedHashMap<>();
        declared.forEach((name, fallback) -> values.put(name, current(object, name).orElse(fallback)));
        return Collections.unmodifiableMap(values);
    }

    private static Optional<Object> current(BpfObject object, String name) {
        try {
            Optional<GlobalVariable> variable = object.variables().find(name);
            return variable.map(v -> CODEC.decode(v.type(), v.bytes()));
        } catch (RuntimeException e) {
            return Optional.empty(); // a variable BTF cannot decode: keep the package's value
        }
    }
}
