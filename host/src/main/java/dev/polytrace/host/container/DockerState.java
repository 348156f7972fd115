package dev.polytrace.host.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Docker's containers from {@code containers/ID/config.v2.json}: {@code Name} ({@code "/web"}),
 * {@code Config.Image}, and a Kubernetes pod's name and namespace from {@code Config.Labels}
 * (dockershim and cri-dockerd set {@code io.kubernetes.pod.*}).
 */
final class DockerState implements RuntimeState {
    private final Path containers;

    DockerState(Path docker) {
        this.containers = docker.resolve("containers");
    }

    @Override
    public Optional<ContainerInfo> describe(ContainerCgroup cgroup) {
        return StateFiles.read(containers.resolve(cgroup.id()).resolve("config.v2.json")).map(config -> {
            JsonNode labels = config.path("Config").path("Labels");
            String name = StateFiles.text(config, "Name");
            name = StateFiles.firstNonEmpty(StateFiles.text(labels, "io.kubernetes.container.name"),
                    name.startsWith("/") ? name.substring(1) : name);
            return new ContainerInfo(cgroup.id(), name, StateFiles.text(config, "Config", "Image"),
                    ContainerCgroup.DOCKER, StateFiles.text(labels, "io.kubernetes.pod.name"),
                    StateFiles.text(labels, "io.kubernetes.pod.namespace"));
        });
    }
}
