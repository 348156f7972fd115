package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A loop block device over a file of our own: block requests of a disk that exists wherever the
 * tests run (tmpfs and overlay build directories have no disk), and that nothing else writes to.
 */
final class LoopDevice implements AutoCloseable {
    private final Path backing;
    private final String name;

    private LoopDevice(Path backing, String name) {
        this.backing = backing;
        this.name = name;
    }

    static LoopDevice create(Path backing, long bytes) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(backing.toFile(), "rw")) {
            file.setLength(bytes);
        }
        Process p = new ProcessBuilder("losetup", "--find", "--show", backing.toString()).redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, Workloads.waitFor(p), () -> "losetup --find --show " + backing + ": " + out);
        return new LoopDevice(backing, Path.of(out).getFileName().toString());
    }

    /** The kernel's name of the disk, e.g. {@code loop3}. */
    String name() {
        return name;
    }

    /** Writes {@code blocks} 4 KiB blocks with O_DIRECT: each is a block request, none is cached. */
    void writeDirect(int blocks) {
        assertEquals(0, Workloads.run("dd", "if=/dev/zero", "of=/dev/" + name, "bs=4096", "count=" + blocks,
                "oflag=direct"), "dd oflag=direct to /dev/" + name);
    }

    @Override
    public void close() throws IOException {
        assertEquals(0, Workloads.run("losetup", "-d", "/dev/" + name), "losetup -d /dev/" + name);
        Files.deleteIfExists(backing);
    }
}
