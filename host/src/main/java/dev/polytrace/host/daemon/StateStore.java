package dev.polytrace.host.daemon;

import dev.polytrace.host.daemon.DeploymentFile.InvalidStateException;
import dev.polytrace.host.daemon.DeploymentFile.Settings;
import dev.polytrace.host.pkg.PackageSources;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed tracers kept across restarts, one directory per tracer under {@code STATE/tracers}:
 * {@code package.json} (the document as received), {@code deployment.json} (name, params, epoch,
 * handler override; see {@link DeploymentFile}) and, when the handler was swapped in from a signed
 * package, that package as {@code handler.tracer.json}. Files are written through
 * {@link AtomicFile}. Whoever can write here can make the daemon (root) load programs, so the
 * directories are 0700, the files 0600, and every one is checked ({@link PathTrust}) before it is read.
 */
final class StateStore {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");
    private static final String PACKAGE = "package.json";
    private static final String HANDLER_PACKAGE = "handler.tracer.json";

    private final Path tracers;
    private final PathTrust trust;

    private StateStore(Path tracers, PathTrust trust) {
        this.tracers = tracers;
        this.trust = trust;
    }

    /** Creates (0700) or checks the state directory and its {@code tracers} directory. */
    static StateStore open(Path stateDir) throws IOException {
        PathTrust trust = PathTrust.of("--state-dir");
        trust.createDirectory(stateDir);
        Path tracers = stateDir.resolve("tracers");
        trust.createDirectory(tracers);
        return new StateStore(tracers, trust);
    }

    /** One tracer's directory as found. */
    sealed interface Entry permits Stored, Unusable {
        String id();
    }

    /** Files that read as they should; the registry checks the package as it checks a deploy. */
    record Stored(Settings settings, byte[] document, Optional<byte[]> handlerDocument) implements Entry {
        @Override
        public String id() {
            return settings.id();
        }
    }

    /** A directory whose files cannot be used, and why. */
    record Unusable(String id, String reason) implements Entry {
    }

    /** @throws IOException when the state cannot be kept; the tracer runs on, but would not come back */
    void save(Deployment d, boolean withPackage) throws IOException {
        Path dir = tracers.resolve(TracerId.require(d.id()));
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            AtomicFile.syncDirectory(tracers);
        }
        if (withPackage) {
            AtomicFile.write(dir.resolve(PACKAGE), d.document());
        }
        // The handler's package goes first: deployment.json names the handler, and is what says "done".
        if (d.handlerDocument().isPresent()) {
            AtomicFile.write(dir.resolve(HANDLER_PACKAGE), d.handlerDocument().get());
        } else if (Files.deleteIfExists(dir.resolve(HANDLER_PACKAGE))) {
            AtomicFile.syncDirectory(dir);
        }
        AtomicFile.write(dir.resolve(DeploymentFile.NAME), DeploymentFile.write(d));
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
            AtomicFile.syncDirectory(tracers);
        } catch (IOException | UncheckedIOException e) {
            if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                LOG.error("cannot remove the state of tracer {} ({}): it will be restored on restart", id,
                        e.getMessage());
            }
        }
    }

    /** Every tracer's directory, in id order: what it holds, or why that cannot be used. */
    List<Entry> load() throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(tracers)) {
            for (Path dir : dirs.sorted().toList()) {
                String id = dir.getFileName().toString();
                if (!TracerId.isValid(id)) {
                    LOG.warn("ignoring {}: not a tracer's directory (the daemon names them t-...)", dir);
                    continue;
                }
                try {
                    entries.add(read(id, dir));
                } catch (IOException e) {
                    entries.add(new Unusable(id, e.getMessage()));
                }
            }
        }
        return entries;
    }

    private Stored read(String id, Path dir) throws IOException {
        trust.requireEntry(dir);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidStateException(dir + ": not a directory");
        }
        byte[] document = readFile(dir.resolve(PACKAGE));
        Settings settings = DeploymentFile.read(readFile(dir.resolve(DeploymentFile.NAME)), id);
        Path handler = dir.resolve(HANDLER_PACKAGE);
        Optional<byte[]> handlerDocument = Files.exists(handler, LinkOption.NOFOLLOW_LINKS)
                ? Optional.of(readFile(handler)) : Optional.empty();
        return new Stored(settings, document, handlerDocument);
    }

    private byte[] readFile(Path file) throws IOException {
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidStateException(file.getFileName() + ": missing");
        }
        trust.requireEntry(file);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new InvalidStateException(file + ": not a regular file");
        }
        if (Files.size(file) > PackageSources.MAX_BYTES) {
            throw new InvalidStateException(file.getFileName() + ": larger than any package may be ("
                    + (PackageSources.MAX_BYTES >> 20) + " MiB)");
        }
        return Files.readAllBytes(file);
    }
}
