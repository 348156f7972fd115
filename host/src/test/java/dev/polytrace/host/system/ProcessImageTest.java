package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessImageTest {
    @Test
    void theCommandLineIsThisJvmsOwn() throws IOException {
        List<String> command = ProcessImage.commandLine();
        List<String> arguments = List.of(ProcessHandle.current().info().arguments().orElseThrow());
        assertEquals(arguments, command.subList(1, command.size()));
    }

    @Test
    void onlyTheDescriptorsToKeepStayOpenAcrossAnExec(@TempDir Path dir) throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "a");
        Path b = Files.writeString(dir.resolve("b"), "b");
        try (FileInputStream kept = new FileInputStream(a.toFile());
             FileInputStream other = new FileInputStream(b.toFile())) {
            int keptFd = descriptorOf(a);
            int otherFd = descriptorOf(b);
            ProcessImage.keepOnlyAcrossExec(Set.of(keptFd));
            assertTrue(!closeOnExec(keptFd), "kept");
            assertTrue(closeOnExec(otherFd), "closed by an exec");
        }
    }

    @Test
    void aPipeHoldsTheContentForTheNextImage() throws IOException {
        int fd = ProcessImage.pipeHolding("state".getBytes());
        try {
            assertEquals("state", Files.readString(Path.of("/proc/self/fd/" + fd)));
        } finally {
            ProcessImage.close(fd);
        }
    }

    /** The descriptor this process has open on {@code file}. */
    private static int descriptorOf(Path file) throws IOException {
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            for (Path fd : fds.toList()) {
                try {
                    if (Files.readSymbolicLink(fd).equals(file.toRealPath())) {
                        return Integer.parseInt(fd.getFileName().toString());
                    }
                } catch (IOException gone) {
                    // the listing's own descriptor
                }
            }
        }
        throw new AssertionError(file + " is not open");
    }

    /** O_CLOEXEC (octal 02000000) in the descriptor's flags as /proc tells them. */
    private static boolean closeOnExec(int fd) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo/" + fd))) {
            if (line.startsWith("flags:")) {
                return (Long.parseLong(line.substring(6).trim(), 8) & 02000000) != 0;
            }
        }
        throw new AssertionError("no flags for " + fd);
    }
}
