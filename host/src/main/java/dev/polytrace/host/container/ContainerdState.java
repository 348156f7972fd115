package dev.polytrace.host.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * containerd's containers from the OCI bundle its shim runs, {@code TASKS/NAMESPACE/ID/config.json}:
 * the CRI plugin's annotations ({@code io.kubernetes.cri.container-name}, {@code image-name},
 * {@code sandbox-name}, {@code sandbox-namespace}), or nerdctl's {@code nerdctl/name}.
 */
final class ContainerdState implements RuntimeState {
    private final Path tasks;

    ContainerdState(Path containerdTasks) {
        this.tasks = containerdTasks;
    }

    @Override
    public Optional<ContainerInfo> describe(ContainerCgroup cgroup) {
        if (!Files.isDirectory(tasks)) {
            return Optional.empty();
        }
        try (Stream<Path> namespaces = Files.list(tasks)) {
            return namespaces.map(ns -> ns.resolve(cgroup.id()).resolve("config.json"))
                    .map(StateFiles::read).flatMap(Optional::stream).findFirst()
                    .map(spec -> info(cgroup, spec.path("annotations")));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static ContainerInfo info(ContainerCgroup cgroup, JsonNode annotations) {
        String name = StateFiles.firstNonEmpty(StateFiles.text(annotations, "io.kubernetes.cri.container-name"),
                StateFiles.text(annotations, "nerdctl/name"));
        return new ContainerInfo(cgroup.id(), name, StateFiles.text(annotations, "io.kubernetes.cri.image-name"),
                ContainerCgroup.CONTAINERD, StateFiles.text(annotations, "io.kubernetes.cri.sandbox-name"),
                StateFiles.text(annotations, "io.kubernetes.cri.sandbox-namespace"));
    }
}
