package dev.polytrace.host.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.bundled.BundledTracers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The training run behind the launcher's AOT cache ({@code -XX:AOTCacheOutput}): runs a bundled
 * tracer for a while once per handler file given, or once without any handler, all in this one
 * JVM, so that the cache holds the classes (and their profiles) of every language a run of that
 * JVM may start: the first Python context of a JVM loads GraalPy's classes by the thousand, which
 * from the cache are already parsed, verified and linked (bench/README.md has what that is worth).
 *
 * <p>Each run goes through {@link Main#run}, as a user's does, so that what a run starts before
 * its command line is parsed ({@link EarlyStarts}) is in the cache too.
 *
 * <p>The tracer runs from a copy of its package without its own handler, read from a path as a
 * user's run reads it: a cache's classes are all loaded when its JVM starts, so a cache for runs
 * without a handler must not hold the bundled tracer's JavaScript.
 *
 * <pre>AotTraining TRACER DURATION [HANDLER...]</pre>
 */
public final class AotTraining {
    private AotTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: AotTraining TRACER DURATION [HANDLER...]");
            System.exit(2);
        }
        Path tracer = withoutHandler(args[0]);
        List<String> handlers = List.of(args).subList(2, args.length);
        int failed = 0;
        try {
            for (String handler : handlers.isEmpty() ? Collections.<String>singletonList(null) : handlers) {
                List<String> run = new ArrayList<>(List.of("run", tracer.toString(), "--json", "--duration", args[1]));
                if (handler != null) {
                    run.addAll(List.of("--handler", handler));
                }
                String[] arguments = run.toArray(String[]::new);
                failed += Main.run(arguments) == 0 ? 0 : 1;
            }
        } finally {
            Files.deleteIfExists(tracer);
        }
        System.exit(failed == 0 ? 0 : 1);
    }

    /** A temporary copy of the bundled tracer NAME's package, its handler left out. */
    private static Path withoutHandler(String name) throws IOException {
        byte[] document = BundledTracers.find(name)
                .orElseThrow(() -> new IllegalArgumentException("no bundled tracer named " + name));
        Path copy = Files.createTempFile("polytrace-training-" + name + "-", ".tracer.json");
        writeWithoutHandler(document, copy);
        return copy;
    }

    /** Writes the package {@code document} to {@code copy} without its handler. */
    static void writeWithoutHandler(byte[] document, Path copy) throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode tracer = (ObjectNode) json.readTree(document);
        tracer.remove("handler");
        json.writeValue(copy.toFile(), tracer);
    }
}
