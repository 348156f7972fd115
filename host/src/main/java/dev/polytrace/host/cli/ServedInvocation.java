package dev.polytrace.host.cli;

import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;

/**
 * What the commands the local service runs for its clients ({@link ServedCommands#SERVED}) share:
 * {@code --standalone} (read by the launcher), the registry options, and the {@link Invocation}
 * they run for (set by {@link PolytraceCommand}), whose working directory and stdin their PKG
 * and files are read from.
 */
final class ServedInvocation {
    @Mixin
    RegistryAccess registry;

    @Mixin
    StandaloneOption standalone;

    Invocation invocation = Invocation.PROCESS;

    /** The package {@code spec} names, read where the user is. */
    TracerPackage locate(String spec) {
        return registry.locator(invocation.workingDir()).locate(spec, invocation.stdin()).pkg();
    }

    /** {@code path} as the user meant it: relative to their working directory. */
    Path resolve(Path path) {
        return invocation.resolve(path);
    }
}
