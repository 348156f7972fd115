package dev.polytrace.host.build;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs clang or bpftool and captures what it prints on stderr. A tool that cannot be started
 * becomes a {@link BuildException} telling how to install it; one that outlives its time limit
 * is killed, with every process it started, and becomes a {@link BuildTimeoutException}.
 */
final class ExternalTool {
    /** Where distributions put bpftool, often outside a normal user's PATH. */
    private static final List<Path> SBIN_DIRS = List.of(Path.of("/usr/sbin"), Path.of("/sbin"),
            Path.of("/usr/local/sbin"));

    private final String name;
    private final String command;
    private final String installHint;
    private final Optional<Duration> timeLimit;

    ExternalTool(String name, String command, String installHint) {
        this(name, command, installHint, Optional.empty());
    }

    /**
     * @param name        the tool's name in messages, e.g. "clang"
     * @param command     a path, or a command looked up on PATH (then in the sbin directories)
     * @param installHint what to do when it is missing
     * @param timeLimit   how long one run may take
     */
    ExternalTool(String name, String command, String installHint, Optional<Duration> timeLimit) {
        this.name = name;
        this.command = resolve(command);
        this.installHint = installHint;
        this.timeLimit = timeLimit;
    }

    record Result(int exitCode, String stderr) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs the tool with {@code args}; stdout goes to {@code stdout}, or is discarded when null. */
    Result run(List<String> args, Path stdout) {
        List<String> cmd = new ArrayList<>();
        cmd.add(command);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            throw new BuildException(name + " not found ('" + command + "' cannot be run): " + installHint, e);
        }
        // stderr is read beside the wait, so that a tool that fills the pipe still ends, and one that hangs is seen
        CompletableFuture<String> stderr = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                stderr.complete(new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                stderr.completeExceptionally(e);
            }
        });
        try {
            if (timeLimit.isPresent() && !process.waitFor(timeLimit.get().toMillis(), TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new BuildTimeoutException(name + " ran longer than " + describe(timeLimit.get())
                        + " and was stopped");
            }
            return new Result(process.waitFor(), stderr.get());
        } catch (ExecutionException e) {
            kill(process);
            throw new BuildException("reading the output of " + name + " failed: " + e.getCause().getMessage(), e);
        } catch (InterruptedException e) {
            kill(process);
            Thread.currentThread().interrupt();
            throw new BuildException(name + " was interrupted", e);
        }
    }

    /** The tool and whatever it started (clang may run cc1 as a child), gone before this returns. */
    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String describe(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    String command() {
        return command;
    }

    /** Whether the command resolved to an executable file. */
    boolean isAvailable() {
        Path p = Path.of(command);
        return p.isAbsolute() && Files.isExecutable(p) && !Files.isDirectory(p);
    }

    private static String resolve(String command) {
        if (command.contains("/")) {
            return command;
        }
        String path = System.getenv("PATH");
        List<Path> dirs = new ArrayList<>();
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    dirs.add(Path.of(dir));
                }
            }
        }
        dirs.addAll(SBIN_DIRS);
        for (Path dir : dirs) {
            Path candidate = dir.resolve(command);
            if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
                return candidate.toString();
            }
        }
        return command;
    }
}
