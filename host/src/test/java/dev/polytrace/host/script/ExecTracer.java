package dev.polytrace.host.script;

import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.RunOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The exec tracer of src/test/resources/script, built once per JVM, and the processes the tests
 * make it see: children of this JVM running /bin/true.
 */
final class ExecTracer {
    private static TracerPackage built;

    private ExecTracer() {
    }

    static synchronized TracerPackage pkg() {
        if (built == null) {
            BuildFixtures.assumeToolchain();
            built = TracerBuilder.build(BuildRequest.of(resource("exec_trace.bpf.c"))
                    .withToolchain(BuildFixtures.toolchain()));
        }
        return built;
    }

    /** The package with a handler from src/test/resources/script. */
    static TracerPackage withHandler(String fileName) {
        return pkg().withHandler(handler(fileName));
    }

    static PackageHandler handler(String fileName) {
        return new PackageHandler(PackageHandler.languageOf(fileName), fileName, text(fileName));
    }

    /** Only children of this JVM are traced. */
    static RunOptions onlyOurChildren() {
        return new RunOptions(Map.of("target_ppid", Long.toString(ProcessHandle.current().pid())), Map.of());
    }

    /** Runs /bin/true {@code times} times, one after another; returns their pids. */
    static List<Long> runTrue(int times) {
        List<Long> pids = new ArrayList<>();
        try {
            for (int i = 0; i < times; i++) {
                Process p = new ProcessBuilder("/bin/true").start();
                pids.add(p.pid());
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("/bin/true did not finish");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return pids;
    }

    static Path resource(String name) {
        try {
            return Path.of(ExecTracer.class.getResource("/script/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("test resource script/" + name + " missing", e);
        }
    }

    static String text(String name) {
        try (InputStream in = ExecTracer.class.getResourceAsStream("/script/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource script/" + name + " missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
