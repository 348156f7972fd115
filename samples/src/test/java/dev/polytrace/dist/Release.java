package dev.polytrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The release archive, made once per test JVM from the packaged checkout, and ways to run what is in it. */
final class Release {
    static final Path CHECKOUT = Path.of("..").toAbsolutePath().normalize();
    /** Commands a machine without a JDK, Maven or a BPF toolchain lacks. */
    private static final Set<String> TOOLCHAIN = Set.of("java", "javac", "jar", "jlink", "mvn", "bpftool", "node", "npm");
    private static Path archive;

    private Release() {
    }

    /** An outcome of a command: exit code and what it printed. */
    record Result(int exit, String out, String err) {
    }

    static synchronized Path archive() throws Exception {
        if (archive == null) {
            Result r = run(CHECKOUT, Map.of("JDK", System.getProperty("java.home")),
                    "bash", CHECKOUT.resolve("dist/make-release.sh").toString(), CHECKOUT.toString(), "--archive");
            assertEquals(0, r.exit(), r.err());
            Path tree = Path.of(r.out().strip());
            archive = tree.resolveSibling(tree.getFileName() + ".tar.gz");
        }
        return archive;
    }

    /** Unpacks the archive into dir and returns the tree's root. */
    static Path unpack(Path dir) throws Exception {
        Result r = run(dir, Map.of(), "tar", "-xzf", archive().toString());
        assertEquals(0, r.exit(), r.err());
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    /** A PATH directory with every command of /usr/bin and /bin but the JDK's, Maven, clang/llvm and bpftool. */
    static Path pathWithoutToolchain(Path dir) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        for (String system : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin")) {
            try (Stream<Path> commands = Files.list(Path.of(system))) {
                for (Path c : commands.toList()) {
                    String name = c.getFileName().toString();
                    boolean toolchain = TOOLCHAIN.contains(name) || name.startsWith("clang") || name.startsWith("llc")
                            || name.startsWith("llvm");
                    if (!toolchain && !Files.exists(bin.resolve(name), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                        Files.createSymbolicLink(bin.resolve(name), c);
                    }
                }
            }
        }
        return bin;
    }

    /** The environment of a machine without a JDK or Maven: no JAVA_HOME, no MAVEN_OPTS, PATH without them. */
    static Map<String, String> bareEnvironment(Path pathDir) {
        return Map.of("PATH", pathDir.toString(), "HOME", "/root", "POLYTRACE_NO_AOT", "1");
    }

    /** Runs a command in dir with exactly the given environment (plus nothing inherited). */
    static Result run(Path dir, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        Map<String, String> environment = pb.environment();
        if (!env.isEmpty() && env.containsKey("PATH")) {
            environment.clear();
        }
        environment.putAll(env);
        Path out = Files.createTempFile("release-out", ".txt");
        Path err = Files.createTempFile("release-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + String.join(" ", command));
        }
        try {
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.delete(out);
            Files.delete(err);
        }
    }

    /** Every path under root (relative, directories marked with a trailing /), sorted. */
    static List<String> listing(Path root) throws IOException {
        List<String> paths = new ArrayList<>();
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted().toList()) {
                if (!p.equals(root)) {
                    paths.add(root.relativize(p) + (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) ? "/" : ""));
                }
            }
        }
        return paths;
    }
}
