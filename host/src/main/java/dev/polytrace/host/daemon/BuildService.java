package dev.polytrace.host.daemon;

import dev.polytrace.host.build.BuildException;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.BuildTimeoutException;
import dev.polytrace.host.build.CompilationFailedException;
import dev.polytrace.host.build.Define;
import dev.polytrace.host.build.EventTypeOverride;
import dev.polytrace.host.build.IncludeRefusedException;
import dev.polytrace.host.build.Toolchain;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds {@code .bpf.c} sources for clients that have no clang, with {@link TracerBuilder} as
 * {@code polytrace build} does, within {@link BuildLimits}: the request's size, the number of
 * builds at once, and clang's run time. Each build runs in a new private directory holding only
 * the request's files, which {@link dev.polytrace.host.build.SourceBundle} confines includes to;
 * that directory's path never shows in what the client gets back.
 */
public final class BuildService {
    private static final Logger LOG = LoggerFactory.getLogger("polytrace.daemon");

    private final BuildLimits limits;
    private final Toolchain toolchain;
    private final Semaphore slots;

    public BuildService(BuildLimits limits, Toolchain toolchain) {
        this.limits = limits;
        this.toolchain = toolchain.withTimeLimit(limits.timeLimit());
        this.slots = new Semaphore(limits.maxConcurrent());
    }

    public BuildLimits limits() {
        return limits;
    }

    /**
     * @throws CompilationFailedException with clang's diagnostics, paths relative to the request's files
     * @throws DaemonException            for a request over a limit, a refused include, a busy daemon
     */
    public TracerPackage build(BuildOrder order) {
        if (order.sources().size() > limits.maxSourceBytes()) {
            throw new DaemonException(DaemonException.Reason.TOO_LARGE, "too_large", "the source and headers are "
                    + order.sources().size() + " characters, more than this daemon builds ("
                    + limits.maxSourceBytes() + ")");
        }
        for (String define : order.defines()) {
            // clang writes each -D into a buffer of #define lines: a line break would add a directive of its own
            if (define.chars().anyMatch(c -> c < ' ')) {
                throw DaemonException.badRequest("bad_request", "defines: '" + define.strip()
                        + "' holds a control character (a line break would smuggle in a directive)");
            }
        }
        if (!slots.tryAcquire()) {
            throw new DaemonException(DaemonException.Reason.UNAVAILABLE, "busy", limits.maxConcurrent()
                    + " builds are running, this daemon's limit; try again when one has ended");
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("polytrace-remote-build-",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            return buildIn(work, order);
        } catch (IOException e) {
            throw new BuildException("cannot prepare the build directory: " + e.getMessage(), e);
        } finally {
            slots.release();
            deleteTree(work);
        }
    }

    private TracerPackage buildIn(Path work, BuildOrder order) throws IOException {
        Path src = work.resolve("src");
        String prefix = src + "/";
        try {
            BuildRequest request = BuildRequest.of(order.sources().writeTo(src)).withToolchain(toolchain);
            for (String define : order.defines()) {
                request = request.withDefine(Define.parse(define));
            }
            for (String event : order.events()) {
                request = request.withEventType(EventTypeOverride.parse(event));
            }
            if (order.handler().isPresent()) {
                request = request.withHandler(writeHandler(work, order.handler().get()));
            }
            request = order.name().map(request::withName).orElse(request);
            request = order.description().map(request::withDescription).orElse(request);
            request = order.version().map(request::withVersion).orElse(request);
            TracerPackage pkg = TracerBuilder.build(request);
            LOG.info("built {} for a client ({} bytes of object)", pkg.name(), pkg.object().size());
            return pkg.withOrigin("build:" + order.sources().sourceName());
        } catch (IncludeRefusedException e) {
            throw new DaemonException(DaemonException.Reason.FORBIDDEN, "include_refused", e.getMessage(), e);
        } catch (BuildTimeoutException e) {
            throw new DaemonException(DaemonException.Reason.UNPROCESSABLE, "build_timeout", e.getMessage(), e);
        } catch (CompilationFailedException e) {
            throw new CompilationFailedException(e.diagnostics().replace(prefix, ""), e.exitCode(), e.hint());
        } catch (BuildException e) {
            throw new BuildException(e.getMessage().replace(prefix, ""), e);
        }
    }

    private static Path writeHandler(Path work, PackageHandler handler) throws IOException {
        if (!handler.fileName().matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}")) {
            throw DaemonException.badRequest("bad_request", "handler file name '" + handler.fileName()
                    + "': a plain file name such as handler.js");
        }
        Path dir = Files.createDirectory(work.resolve("handler"));
        return Files.writeString(dir.resolve(handler.fileName()), handler.source(), StandardCharsets.UTF_8);
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove the build directory {}: {}", dir, e.getMessage());
        }
    }
}
