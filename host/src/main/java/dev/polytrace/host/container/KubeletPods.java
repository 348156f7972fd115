package dev.polytrace.host.container;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A pod's name and namespace from the kubelet's directory of it, {@code PODS/UID/}, for when the
 * runtime's labels lack them: the namespace from the service account volume
 * ({@code volumes/kubernetes.io~projected/NAME/namespace}), the name from the last line of the
 * {@code etc-hosts} the kubelet writes (the pod's address and hostname, which is its name unless
 * the pod sets {@code hostname}).
 */
final class KubeletPods {
    private final Path pods;

    KubeletPods(Path kubeletPods) {
        this.pods = kubeletPods;
    }

    record Pod(String name, String namespace) {
    }

    Optional<Pod> pod(String uid) {
        Path dir = pods.resolve(uid);
        if (uid.isEmpty() || !Files.isDirectory(dir)) {
            return Optional.empty();
        }
        return Optional.of(new Pod(hostName(dir.resolve("etc-hosts")), namespace(dir)));
    }

    private static String hostName(Path etcHosts) {
        try {
            List<String> lines = Files.readAllLines(etcHosts, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                if (!line.isEmpty() && !line.startsWith("#")) {
                    String[] fields = line.split("\\s+");
                    return fields.length > 1 ? fields[1] : "";
                }
            }
        } catch (IOException e) {
            // no etc-hosts: no name
        }
        return "";
    }

    private static String namespace(Path pod) {
        Path projected = pod.resolve("volumes").resolve("kubernetes.io~projected");
        if (!Files.isDirectory(projected)) {
            return "";
        }
        try (Stream<Path> volumes = Files.list(projected)) {
            return volumes.map(v -> v.resolve("namespace")).filter(Files::isRegularFile).findFirst().map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8).strip();
                } catch (IOException e) {
                    return "";
                }
            }).orElse("");
        } catch (IOException e) {
            return "";
        }
    }
}
