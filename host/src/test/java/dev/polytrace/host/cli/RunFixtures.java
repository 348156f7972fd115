package dev.polytrace.host.cli;

import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Packages built once per JVM from src/test/resources/run, written to temporary files. */
final class RunFixtures {
    private static final Map<String, Path> BUILT = new HashMap<>();

    private RunFixtures() {
    }

    static synchronized Path packageFile(String name) {
        return BUILT.computeIfAbsent(name, n -> {
            try {
                Path source = Path.of(RunFixtures.class.getResource("/run/" + n + ".bpf.c").toURI());
                TracerPackage pkg = TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain()));
                Path file = Files.createTempFile(n, ".tracer.json");
                file.toFile().deleteOnExit();
                Files.write(file, PackageWriter.write(pkg));
                return file;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
