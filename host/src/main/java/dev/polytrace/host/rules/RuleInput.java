package dev.polytrace.host.rules;

import dev.cel.runtime.CelVariableResolver;
import dev.polytrace.host.container.ContainerInfo;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables of one event as every rule's condition and output see them. {@code container} and
 * {@code proc} are looked up the first time a rule reads them and kept for the other rules: an
 * event no condition asks about costs no {@code /proc} read and no container lookup.
 */
final class RuleInput implements CelVariableResolver {
    private final String tracer;
    private final Map<String, Object> event;
    private final ContainerLookup containers;
    private final Path procRoot;
    private Map<String, Object> celEvent;
    private Map<String, Object> container;
    private Map<String, Object> proc;

    RuleInput(String tracer, Map<String, Object> event, ContainerLookup containers, Path procRoot) {
        this.tracer = tracer;
        this.event = event;
        this.containers = containers;
        this.procRoot = procRoot;
    }

    @Override
    public Optional<Object> find(String name) {
        return switch (name) {
            case "event" -> Optional.of(event());
            case "container" -> Optional.of(container());
            case "proc" -> Optional.of(proc());
            case "tracer" -> Optional.of(tracer);
            default -> Optional.empty();
        };
    }

    /** A template field: {@code [event, comm]}, {@code [tracer]}; null when the event has no such field. */
    Object field(List<String> path) {
        Object root = find(path.get(0)).orElse(null);
        return OutputTemplate.select(root, path.subList(1, path.size()));
    }

    Map<String, Object> event() {
        if (celEvent == null) {
            celEvent = asCel(event);
        }
        return celEvent;
    }

    Map<String, Object> container() {
        if (container == null) {
            ContainerInfo info = containers.containerOf(event);
            container = new LinkedHashMap<>();
            container.put("id", info.id());
            container.put("name", info.name());
            container.put("image", info.image());
            container.put("runtime", info.runtime());
            container.put("pod", info.pod());
            container.put("namespace", info.namespace());
        }
        return container;
    }

    Map<String, Object> proc() {
        if (proc == null) {
            proc = ProcInfo.read(procRoot, pidOf(event));
        }
        return proc;
    }

    private static long pidOf(Map<String, Object> event) {
        for (String key : List.of("pid", "tgid")) {
            if (event.get(key) instanceof Long pid) {
                return pid;
            }
        }
        return 0;
    }

    /** The decoder's values as CEL takes them: a u64 past a long's range becomes a double. */
    @SuppressWarnings("unchecked")
    static <T> T asCel(T value) {
        return switch (value) {
            case BigInteger big -> (T) (Object) big.doubleValue();
            case Map<?, ?> map -> {
                Map<Object, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(k, v == null ? "" : asCel(v)));
                yield (T) copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(v == null ? "" : asCel(v)));
                yield (T) copy;
            }
            default -> value;
        };
    }
}
