package dev.polytrace.bundled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One bundled tracer's sources: {@code NAME/NAME.bpf.c} and at most one handler beside it
 * ({@code NAME.js}, {@code NAME.mjs} or {@code NAME.py}). Every other file of the directory (local
 * headers) counts as an input when deciding whether the package is stale.
 */
record TracerSources(String name, Path directory, Path source, Optional<Path> handler) {
    private static final List<String> HANDLER_EXTENSIONS = List.of(".js", ".mjs", ".py");

    /** The tracer in {@code directory}, or empty when it holds no {@code NAME.bpf.c} (e.g. a shared include dir). */
    static Optional<TracerSources> in(Path directory) {
        String name = directory.getFileName().toString();
        Path source = directory.resolve(name + ".bpf.c");
        if (!Files.isRegularFile(source)) {
            return Optional.empty();
        }
        List<Path> handlers = new ArrayList<>();
        for (String extension : HANDLER_EXTENSIONS) {
            Path candidate = directory.resolve(name + extension);
            if (Files.isRegularFile(candidate)) {
                handlers.add(candidate);
            }
        }
        if (handlers.size() > 1) {
            throw new IllegalArgumentException(directory + ": more than one handler (" + handlers
                    + "); a tracer has at most one");
        }
        return Optional.of(new TracerSources(name, directory, source, handlers.stream().findFirst()));
    }

    /** Every tracer directory under {@code root}, sorted by name. */
    static List<TracerSources> under(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory).sorted().map(TracerSources::in).flatMap(Optional::stream).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("listing " + root, e);
        }
    }

    /** Whether {@code output} exists and is newer than every file here and in {@code sharedDirs}. */
    boolean isUpToDate(Path output, List<Path> sharedDirs) {
        if (!Files.isRegularFile(output)) {
            return false;
        }
        try {
            FileTime built = Files.getLastModifiedTime(output);
            List<Path> inputs = new ArrayList<>(List.of(directory));
            inputs.addAll(sharedDirs);
            for (Path dir : inputs) {
                try (Stream<Path> files = Files.walk(dir)) {
                    for (Path file : files.filter(Files::isRegularFile).toList()) {
                        if (Files.getLastModifiedTime(file).compareTo(built) >= 0) {
                            return false;
                        }
                    }
                }
            }
            return true;
        } catch (IOException e) {
            return false; // unreadable timestamps: rebuilding is always safe
        }
    }
}
