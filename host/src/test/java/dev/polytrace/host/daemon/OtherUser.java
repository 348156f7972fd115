package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.host.system.SystemFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A second, unprivileged user, for what a daemon running as root must not trust: files and
 * directories that user made or can change. Created when missing (and removed again by
 * {@link #close}); commands run as it through runuser. Needs root, as the daemon does.
 */
final class OtherUser implements AutoCloseable {
    static final String NAME = "polytrace-probe";

    private final boolean created;

    private OtherUser(boolean created) {
        this.created = created;
    }

    static OtherUser ensure() throws IOException, InterruptedException {
        Assumptions.assumeTrue(SystemFacts.isRoot(), "acting as another user needs root");
        if (exec(List.of("id", "-u", NAME)).code() == 0) {
            return new OtherUser(false);
        }
        Result added = exec(List.of("useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME));
        Assumptions.assumeTrue(added.code() == 0 || added.code() == 9, "useradd " + NAME + ": " + added.output());
        return new OtherUser(added.code() == 0);
    }

    /** Runs {@code command} as this user; it must succeed. */
    void run(String... command) throws IOException, InterruptedException {
        List<String> argv = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        argv.addAll(List.of(command));
        Result r = exec(argv);
        assertEquals(0, r.code(), String.join(" ", argv) + ": " + r.output());
    }

    /** Runs {@code script} with sh as this user. */
    void sh(String script) throws IOException, InterruptedException {
        run("sh", "-c", script);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (created) {
            exec(List.of("userdel", NAME));
        }
    }

    private record Result(int code, String output) {
    }

    private static Result exec(List<String> argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(argv + " did not finish");
        }
        return new Result(p.exitValue(), output.strip());
    }
}
