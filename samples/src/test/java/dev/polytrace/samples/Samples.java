package dev.polytrace.samples;

import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the samples' sources are, how they are built, and what the tests make the kernel see. */
final class Samples {
    /** The module's base directory: surefire runs the tests from {@code samples/}. */
    static final Path DIR = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    /** The libc calls the tests trigger. */
    public interface LibC {
        int getppid();

        int usleep(int usecs);
    }

    private static final LibC LIBC = jnr.ffi.LibraryLoader.create(LibC.class).load("c");

    private Samples() {
    }

    /** Builds {@code samples/dir/source} (with {@code handler} when not null) into {@code out/NAME.tracer.json}. */
    static Path build(String dir, String source, String handler, Path out) {
        BuildRequest request = BuildRequest.of(DIR.resolve(dir).resolve(source));
        if (handler != null) {
            request = request.withHandler(DIR.resolve(dir).resolve(handler));
        }
        TracerPackage pkg = TracerBuilder.build(request);
        Path file = out.resolve(pkg.name() + ".tracer.json");
        try {
            Files.write(file, PackageWriter.write(pkg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static int ownPid() {
        return (int) ProcessHandle.current().pid();
    }

    /** The kernel's command name of the calling thread: what bpf_get_current_comm() gives for it. */
    static String threadComm() {
        try {
            return Files.readString(Path.of("/proc/thread-self/comm")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One real clock_nanosleep() of 20 ms from the calling thread (glibc's usleep). Not
     * Thread.sleep: HotSpot implements it with a futex wait, which no nanosleep tracepoint sees.
     */
    static void nanosleep20ms() {
        LIBC.usleep(20_000);
    }

    /** A few real getppid() system calls from the calling thread; returns how many. */
    static int getppid() {
        for (int i = 0; i < 3; i++) {
            LIBC.getppid();
        }
        return 3;
    }

    /**
     * A thread name of at most 15 characters, unique to the call: Java gives it to the kernel as
     * the thread's command name, so events with it are the thread's own.
     */
    static String uniqueThreadName() {
        return "gp-" + Long.toHexString(System.nanoTime() & 0xffff_ffff_ffL);
    }

    /** Exactly {@code calls} getppid() system calls, from a new thread named {@code name}; returns when done. */
    static void getppidOnThread(String name, int calls) throws InterruptedException {
        Thread t = new Thread(() -> {
            for (int i = 0; i < calls; i++) {
                LIBC.getppid();
            }
        }, name);
        t.start();
        t.join();
    }
}
