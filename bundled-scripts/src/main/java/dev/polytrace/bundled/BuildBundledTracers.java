package dev.polytrace.bundled;

import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.CompilationFailedException;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * The Maven build step of this module: compiles every {@code TRACERS/NAME/} into
 * {@code OUT/NAME.tracer.json} with {@link TracerBuilder} and writes {@code OUT/index.tsv}
 * ({@code NAME<TAB>description} lines, read by {@code polytrace list}).
 *
 * <p>A package newer than all of its tracer's files (and the shared {@code TRACERS/include/}) is
 * kept as is. Every tracer is attempted; if any fails, its clang diagnostics or build error are
 * printed, its stale package is removed and the process exits with status 1, failing the build.
 *
 * <p>Usage: {@code BuildBundledTracers TRACERS_DIR OUTPUT_DIR}
 */
public final class BuildBundledTracers {
    static final String INDEX = "index.tsv";
    static final String SUFFIX = ".tracer.json";
    static final String SHARED_INCLUDE = "include";

    private final Path tracersDir;
    private final Path outputDir;
    private final PrintStream log;

    BuildBundledTracers(Path tracersDir, Path outputDir, PrintStream log) {
        this.tracersDir = tracersDir;
        this.outputDir = outputDir;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BuildBundledTracers TRACERS_DIR OUTPUT_DIR");
            System.exit(2);
        }
        boolean ok;
        try {
            ok = new BuildBundledTracers(Path.of(args[0]), Path.of(args[1]), System.err).buildAll();
        } catch (IllegalArgumentException | UncheckedIOException e) {
            System.err.println("[polytrace] bundled tracers: " + e.getMessage());
            ok = false;
        }
        System.exit(ok ? 0 : 1);
    }

    /** Builds what is stale and rewrites the index; false when some tracer failed. */
    boolean buildAll() throws IOException, InterruptedException {
        Files.createDirectories(outputDir);
        List<TracerSources> tracers = TracerSources.under(tracersDir);
        removeOrphans(tracers);
        Map<String, Outcome> outcomes = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Runtime.getRuntime().availableProcessors()));
        try {
            List<Future<Outcome>> pending = new ArrayList<>();
            for (TracerSources t : tracers) {
                pending.add(pool.submit(() -> buildOne(t)));
            }
            for (Future<Outcome> f : pending) {
                Outcome o = getQuietly(f);
                outcomes.put(o.name(), o);
            }
        } finally {
            pool.shutdownNow();
        }
        long built = outcomes.values().stream().filter(o -> o.state() == State.BUILT).count();
        List<Outcome> failed = outcomes.values().stream().filter(o -> o.state() == State.FAILED).toList();
        for (Outcome o : failed) {
            log.println("[polytrace] bundled tracer " + o.name() + " failed to build:");
            log.println(o.message().strip());
        }
        if (!failed.isEmpty()) {
            return false;
        }
        writeIndex(outcomes);
        log.printf("[polytrace] bundled tracers: %d built, %d up to date, %d total%n", built,
                outcomes.size() - built, outcomes.size());
        return true;
    }

    private Outcome buildOne(TracerSources tracer) {
        Path output = outputDir.resolve(tracer.name() + SUFFIX);
        Path shared = tracersDir.resolve(SHARED_INCLUDE);
        List<Path> sharedDirs = Files.isDirectory(shared) ? List.of(shared) : List.of();
        try {
            if (tracer.isUpToDate(output, sharedDirs)) {
                TracerPackage existing = PackageReader.read(Files.readAllBytes(output), output.toString());
                return new Outcome(tracer.name(), State.UP_TO_DATE, existing.description());
            }
            BuildRequest request = BuildRequest.of(tracer.source()).withName(tracer.name())
                    .withWarnings(w -> log.println("[polytrace] " + tracer.name() + ": clang warnings:\n" + w.strip()));
            for (Path dir : sharedDirs) {
                request = request.withIncludeDir(dir);
            }
            if (tracer.handler().isPresent()) {
                request = request.withHandler(tracer.handler().get());
            }
            TracerPackage pkg = TracerBuilder.build(request);
            writeAtomically(output, PackageWriter.write(pkg));
            return new Outcome(tracer.name(), State.BUILT, pkg.description());
        } catch (CompilationFailedException e) {
            deleteQuietly(output);
            return new Outcome(tracer.name(), State.FAILED, e.report());
        } catch (RuntimeException | IOException e) {
            deleteQuietly(output);
            return new Outcome(tracer.name(), State.FAILED, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Packages whose tracer directory is gone would otherwise stay runnable from the jar. */
    private void removeOrphans(List<TracerSources> tracers) throws IOException {
        List<String> names = tracers.stream().map(TracerSources::name).toList();
        try (Stream<Path> files = Files.list(outputDir)) {
            for (Path file : files.toList()) {
                String fileName = file.getFileName().toString();
                if (fileName.endsWith(SUFFIX) && !names.contains(fileName.substring(0, fileName.length() - SUFFIX.length()))) {
                    Files.delete(file);
                }
            }
        }
    }

    private void writeIndex(Map<String, Outcome> outcomes) throws IOException {
        StringBuilder index = new StringBuilder();
        outcomes.forEach((name, o) -> index.append(name).append('\t')
                .append(o.message().replaceAll("[\\t\\r\\n]+", " ").strip()).append('\n'));
        byte[] bytes = index.toString().getBytes(StandardCharsets.UTF_8);
        Path path = outputDir.resolve(INDEX);
        if (!Files.isRegularFile(path) || !Arrays.equals(Files.readAllBytes(path), bytes)) {
            writeAtomically(path, bytes);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        // not Files.createTempFile: its 0600 mode would follow the file into the jar's build tree
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the next build rebuilds it anyway, since the failure leaves no newer package
        }
    }

    private static Outcome getQuietly(Future<Outcome> future) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("bundled tracer build crashed", e.getCause());
        }
    }

    private enum State { BUILT, UP_TO_DATE, FAILED }

    /** @param message the description when built or up to date, the error report when failed */
    private record Outcome(String name, State state, String message) {
    }
}
