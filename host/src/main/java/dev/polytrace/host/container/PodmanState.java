package dev.polytrace.host.container;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * podman's containers as containers/storage records them in {@code overlay-containers/containers.json}:
 * each entry's {@code id}, {@code names} and {@code metadata} (a JSON text holding {@code image-name}).
 * The file is parsed again only when it changed.
 */
final class PodmanState implements RuntimeState {
    private final Path containersJson;
    private FileTime parsedAt;
    private Map<String, ContainerInfo> byId = Map.of();

    PodmanState(Path containersStorage) {
        this.containersJson = containersStorage.resolve("overlay-containers").resolve("containers.json");
    }

    @Override
    public synchronized Optional<ContainerInfo> describe(ContainerCgroup cgroup) {
        refresh();
        return Optional.ofNullable(byId.get(cgroup.id()));
    }

    private void refresh() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(containersJson);
        } catch (IOException e) {
            byId = Map.of();
            parsedAt = null;
            return;
        }
        if (modified.equals(parsedAt)) {
            return;
        }
        Map<String, ContainerInfo> parsed = new HashMap<>();
        StateFiles.read(containersJson).ifPresent(entries -> entries.forEach(entry -> {
            String id = StateFiles.text(entry, "id");
            JsonNode metadata = StateFiles.parse(StateFiles.text(entry, "metadata")).orElse(entry.path("metadata"));
            String name = StateFiles.firstNonEmpty(entry.path("names").path(0).asText(""),
                    StateFiles.text(metadata, "name"));
            String image = StateFiles.firstNonEmpty(StateFiles.text(metadata, "image-name"),
                    StateFiles.text(entry, "image"));
            parsed.put(id, new ContainerInfo(id, name, image, ContainerCgroup.PODMAN, "", ""));
        }));
        byId = parsed;
        parsedAt = modified;
    }
}
