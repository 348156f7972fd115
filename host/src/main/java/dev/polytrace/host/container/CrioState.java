package dev.polytrace.host.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CRI-O's containers from the OCI spec it keeps in containers/storage,
 * {@code overlay-containers/ID/userdata/config.json} (under {@code /run} or {@code /var/lib}), by
 * its annotations: {@code io.kubernetes.container.name}, {@code io.kubernetes.cri-o.ImageName},
 * {@code io.kubernetes.pod.name}, {@code io.kubernetes.pod.namespace}.
 */
final class CrioState implements RuntimeState {
    private final Path[] storages;

    CrioState(Path crioRun, Path containersStorage) {
        this.storages = new Path[] {crioRun, containersStorage};
    }

    @Override
    public Optional<ContainerInfo> describe(ContainerCgroup cgroup) {
        return Stream.of(storages)
                .map(s -> s.resolve("overlay-containers").resolve(cgroup.id()).resolve("userdata").resolve("config.json"))
                .map(StateFiles::read).flatMap(Optional::stream).findFirst()
                .map(spec -> info(cgroup, spec.path("annotations")));
    }

    private static ContainerInfo info(ContainerCgroup cgroup, JsonNode annotations) {
        String name = StateFiles.firstNonEmpty(StateFiles.text(annotations, "io.kubernetes.container.name"),
                StateFiles.text(annotations, "io.kubernetes.cri-o.Name"));
        String image = StateFiles.firstNonEmpty(StateFiles.text(annotations, "io.kubernetes.cri-o.ImageName"),
                StateFiles.text(annotations, "io.kubernetes.cri-o.Image"));
        return new ContainerInfo(cgroup.id(), name, image, ContainerCgroup.CRIO,
                StateFiles.text(annotations, "io.kubernetes.pod.name"),
                StateFiles.text(annotations, "io.kubernetes.pod.namespace"));
    }
}
