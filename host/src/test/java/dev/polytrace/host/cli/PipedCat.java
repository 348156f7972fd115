package dev.polytrace.host.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A {@code cat} reading a pipe from the test, one byte per read, whose reads the test times: the
 * test knows when a read has returned and when the next one is blocked, from the kernel's own
 * counters in /proc, so a read it lets run for a while provably lasted that long.
 */
final class PipedCat implements AutoCloseable {
    private static final Duration LIMIT = Duration.ofSeconds(30); // a hang guard
    /** The read syscall's number as /proc/PID/syscall shows it. */
    private static final String READ = System.getProperty("os.arch").equals("aarch64") ? "63" : "0";

    private final Process process;
    private final OutputStream in;

    private PipedCat(Process process) {
        this.process = process;
        this.in = process.getOutputStream();
    }

    /** Starts cat and returns once it is blocked in its first read of the pipe. */
    static PipedCat start() throws IOException {
        PipedCat cat = new PipedCat(new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
        cat.await("cat to block reading its stdin", cat::blockedReadingStdin);
        return cat;
    }

    long pid() {
        return process.pid();
    }

    /** Ends the read that is blocked now (it gets one byte) and returns once the next one is blocked. */
    void endRead() throws IOException {
        long before = readsDone();
        in.write('x');
        in.flush();
        // Counted as a read returns, so once it has grown, a read blocked on stdin is the next one.
        await("cat's read to return and the next to block", () -> readsDone() > before && blockedReadingStdin());
    }

    /** Read syscalls cat has completed ({@code syscr} of /proc/PID/io). */
    private long readsDone() {
        for (String line : lines("io")) {
            if (line.startsWith("syscr:")) {
                return Long.parseLong(line.substring(6).strip());
            }
        }
        throw new IllegalStateException("no syscr in /proc/" + pid() + "/io");
    }

    /** cat sleeps in read(0, ...): /proc/PID/syscall is "NR 0x0 ..." (running tasks show "running"). */
    private boolean blockedReadingStdin() {
        String syscall = String.join(" ", lines("syscall"));
        return syscall.startsWith(READ + " 0x0 ");
    }

    private List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid()), file));
        } catch (NoSuchFileException e) {
            throw new IllegalStateException("cat exited", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + LIMIT.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
