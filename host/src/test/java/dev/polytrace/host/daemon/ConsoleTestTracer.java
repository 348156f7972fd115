package dev.polytrace.host.daemon;

import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The browsers' test tracer (src/test/resources/console/console.bpf.c) built with a JS handler,
 * as a file a user uploads. The host's tests do not have the bundled tracers (bundled-scripts is
 * built after host), so the console's tests deploy this one.
 */
final class ConsoleTestTracer {
    /** Records every field and {@code v: 'v1'}, so a later handler's rows can be told apart. */
    static final String HANDLER_V1 = """
            export function onEvent(event, ctx) {
              ctx.emit({seq: event.seq, tag: event.tag, pid: event.pid, v: 'v1'});
            }
            """;

    private ConsoleTestTracer() {
    }

    /** Builds the tracer and writes it to {@code dir/console.tracer.json}; needs clang. */
    static Path write(Path dir) throws IOException, URISyntaxException {
        BuildFixtures.assumeToolchain();
        TracerPackage built = TracerBuilder.build(BuildRequest.of(resource("console.bpf.c"))
                .withToolchain(BuildFixtures.toolchain()));
        TracerPackage pkg = TestTracers.withoutWatchdog(built).withHandler(new PackageHandler("js", "console.js",
                HANDLER_V1));
        return Files.write(dir.resolve("console.tracer.json"), PackageWriter.write(pkg));
    }

    private static Path resource(String name) throws URISyntaxException {
        return Path.of(ConsoleTestTracer.class.getResource("/console/" + name).toURI());
    }
}
