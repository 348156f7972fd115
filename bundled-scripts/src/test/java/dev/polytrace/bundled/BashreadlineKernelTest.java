package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** An interactive bash reading from a pipe still reads its lines through readline(). */
@KernelTest
class BashreadlineKernelTest {
    private static final Path BASH = Path.of("/bin/bash");

    @BeforeAll
    static void hooks() {
        KernelHooks.assume(AttachKind.UPROBE);
    }

    /**
     * The probe goes on the object that defines readline() in this bash: bash itself where it
     * carries its own copy (the tracer's default), a shared libreadline where it links one.
     */
    @Test
    void reportsTheLinesTypedIntoBash() throws IOException {
        String marker = "polytrace-" + UUID.randomUUID();
        Process bash = new ProcessBuilder(BASH.toString(), "--norc", "--noprofile", "-i")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (OutputStream stdin = bash.getOutputStream();
             BufferedReader stdout = new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
            // once it has answered, bash runs its read loop: every object it uses is mapped
            type(stdin, "echo " + marker + "-ready");
            assertEquals(marker + "-ready", stdout.readLine(), "bash's answer to echo");
            CliRun run = CliRun.json("bashreadline", "--attach", "readline_return.binary=" + readlineObject(bash.pid()),
                    "--param", "target_pid=" + bash.pid());
            try (run) {
                run.awaitAttached();
                // a uretprobe catches the calls made after it is attached: the readline() that bash
                // was waiting in may be older, so it reads a line first and then calls readline() anew
                type(stdin, "echo " + marker + "-attached");
                assertEquals(marker + "-attached", stdout.readLine(), "bash's answer to echo");
                type(stdin, ": " + marker);
                // readline() returns in bash, some time after our write: wait for its record
                run.awaitRecord("for the line with " + marker, r -> r.path("command").asText().equals(": " + marker));
            }
            List<JsonNode> lines = run.rows().stream().filter(r -> r.path("command").asText().equals(": " + marker))
                    .toList();
            assertEquals(1, lines.size(), () -> "the one line typed while traced" + run.describe());
            assertEquals(bash.pid(), lines.get(0).path("pid").asLong());
            assertEquals((int) Files.getAttribute(Path.of("/proc/self"), "unix:uid"), lines.get(0).path("uid").asInt());
            type(stdin, "exit");
        } finally {
            Workloads.waitFor(bash);
        }
    }

    /** The first file mapped executable into process {@code pid} that defines the function readline. */
    private static Path readlineObject(long pid) throws IOException {
        // /proc/PID/maps: "address perms offset dev inode path"
        List<Path> code = Files.readAllLines(Path.of("/proc", String.valueOf(pid), "maps")).stream()
                .map(line -> line.split("\\s+", 6))
                .filter(f -> f.length == 6 && f[1].contains("x") && f[5].startsWith("/"))
                .map(f -> Path.of(f[5])).distinct().toList();
        for (Path object : code) {
            if (ElfFile.read(object).symbol("readline").filter(s -> s.isFunction()).isPresent()) {
                return object;
            }
        }
        return fail("no object bash has mapped defines readline(): " + code);
    }

    private static void type(OutputStream stdin, String line) {
        try {
            stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
