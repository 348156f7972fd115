package dev.polytrace.host.daemon;

import dev.polytrace.host.cli.Main;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A forked {@code polytrace serve --listen 127.0.0.1:0 --state-dir STATE --no-socket} (unless
 * the test passes a socket), in a JVM of its own as the launcher starts it (the sockets' hand-over
 * opened to it), its output in a file.
 */
final class ServedDaemon implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("polytrace daemon listening on (http://\\S+) ");

    private final Process process;
    private final Path log;
    private final URI url;
    private final Path tokenFile;

    private ServedDaemon(Process process, Path log, URI url, Path tokenFile) {
        this.process = process;
        this.log = log;
        this.url = url;
        this.tokenFile = tokenFile;
    }

    static ServedDaemon start(Path state, String... more) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElseThrow());
        command.addAll(List.of("--enable-native-access=ALL-UNNAMED", "-Dpolyglot.engine.WarnInterpreterOnly=false",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve",
                "--listen", "127.0.0.1:0", "--state-dir", state.toString()));
        if (!List.of(more).contains("--socket")) {
            command.add("--no-socket");
        }
        command.addAll(List.of(more));
        Path log = Files.createTempFile("polytrace-serve-", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = LISTENING.matcher(Files.readString(log));
            if (m.find()) {
                return new ServedDaemon(p, log, URI.create(m.group(1)), state.resolve("token"));
            }
            Thread.sleep(50);
        }
        p.destroyForcibly();
        throw new AssertionError("serve did not start: " + Files.readString(log));
    }

    DaemonFixture.Client client() {
        try {
            return new DaemonFixture.Client(url, ApiToken.read(tokenFile));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    URI url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, and the exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("serve did not exit after SIGTERM: " + output());
        }
        return process.exitValue();
    }

    String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws IOException {
        process.destroyForcibly();
        Files.deleteIfExists(log);
    }

    /** Programs of ExitedProcesses' object loaded in the kernel now, by any process. */
    static long exitRecorders() {
        try {
            Process bpftool = new ProcessBuilder("bpftool", "prog", "show", "name", "record_exit")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(bpftool.getInputStream().readAllBytes());
            bpftool.waitFor();
            return out.lines().filter(l -> l.matches("^\\d+: .*")).count();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("bpftool prog show: " + e, e);
        }
    }
}
