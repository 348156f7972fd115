package dev.polytrace.host.daemon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed tracers kept across restarts, one directory per tracer under {@code STATE/tracers}:
 * {@code package.json} (the document as received) and {@code deployment.json} (name, params,
 * handler override). Files are replaced atomically, so a crash leaves the old or the new version.
 * The directories are 0700: whoever can write them can make the daemon (root) load programs.
 */
final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");
    private static final String PACKAGE = "package.json";
    private static final String DEPLOYMENT = "deployment.json";

    private final Path tracers;

    private StateStore(Path tracers) {
        this.tracers = tracers;
    }

    /** Creates (0700) or checks ({@link PathTrust}) the state directory and its {@code tracers} directory. */
    static StateStore open(Path stateDir) throws IOException {
        PathTrust trust = PathTrust.of("--state-dir");
        trust.createDirectory(stateDir);
        Path tracers = stateDir.resolve("tracers");
        trust.createDirectory(tracers);
        return new StateStore(tracers);
    }

    /** What a stored tracer needs to start again; the package is read (and checked) by the registry. */
    record Stored(String id, long number, String name, byte[] document, Map<String, String> params,
                  Optional<PackageHandler> handler, Instant created) {
    }

    void save(Deployment d, boolean withPackage) {
        Path dir = tracers.resolve(TracerId.require(d.id()));
        try {
            Files.createDirectories(dir);
            if (withPackage) {
                writeAtomically(dir.resolve(PACKAGE), d.document());
            }
            writeAtomically(dir.resolve(DEPLOYMENT), Json.MAPPER.writerWithDefaultPrettyPrinter()
                    .writeValueAsBytes(describe(d)));
        } catch (IOException e) {
            LOG.error("cannot keep tracer {} in {}: {}", d.id(), dir, e.getMessage());
        }
    }

    void remove(String id) {
        Path dir = tracers.resolve(TracerId.require(id));
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            if (Files.exists(dir)) {
                LOG.error("cannot remove the state of tracer {} ({}): it will be restored on restart", id,
                        e.getMessage());
            }
        }
    }

    /** Every stored tracer; unreadable entries are logged and left where they are. */
    List<Stored> load() throws IOException {
        List<Stored> stored = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(tracers)) {
            for (Path dir : dirs.sorted().toList()) {
                String id = dir.getFileName().toString();
                if (!TracerId.isValid(id) || !Files.isDirectory(dir)) {
                    continue;
                }
                try {
                    stored.add(read(id, dir));
                } catch (IOException | RuntimeException e) {
                    LOG.error("cannot restore tracer {} from {}: {}", id, dir, e.getMessage());
                }
            }
        }
        return stored;
    }

    private Stored read(String id, Path dir) throws IOException {
        byte[] document = Files.readAllBytes(dir.resolve(PACKAGE));
        JsonNode d = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(DEPLOYMENT)));
        Map<String, String> params = new LinkedHashMap<>();
        d.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
        JsonNode h = d.path("handler");
        Optional<PackageHandler> handler = h.isObject()
                ? Optional.of(new PackageHandler(h.path("language").asText(), h.path("fileName").asText(),
                        h.path("source").asText()))
                : Optional.empty();
        return new Stored(id, d.path("number").asLong(), d.path("name").asText(id), document, params, handler,
                Instant.parse(d.path("created").asText(Instant.now().toString())));
    }

    private static ObjectNode describe(Deployment d) {
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("id", d.id());
        node.put("number", d.number());
        node.put("name", d.name());
        node.put("sha256", d.sha256());
        ObjectNode params = node.putObject("params");
        d.params().forEach(params::put);
        d.handler().ifPresent(h -> node.putObject("handler").put("language", h.language())
                .put("fileName", h.fileName()).put("source", h.source()));
        node.put("created", d.created().toString());
        return node;
    }

    private static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
