package dev.polytrace.host.rules;

import dev.polytrace.host.container.ContainerInfo;
import java.util.Map;

/**
 * The container an event's process belongs to, as conditions see it in {@code container}. Asked
 * only when a condition or an output reads {@code container}, at most once per event.
 */
@FunctionalInterface
public interface ContainerLookup {
    /** Every process on the host: for runs with no container resolver. */
    ContainerLookup HOST_ONLY = event -> ContainerInfo.HOST;

    /** @param event the decoded record (its {@code pid}, or a cgroup id the tracer recorded) */
    ContainerInfo containerOf(Map<String, Object> event);
}
