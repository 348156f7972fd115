package dev.polytrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.dist.Release.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive unpacked on a machine without JDK, Maven or clang: it runs tracers and installs itself. */
class ReleaseArchiveKernelTest {
    @TempDir
    static Path dir;
    static Path tree;
    static Map<String, String> bare;

    @BeforeAll
    static void unpack() throws Exception {
        tree = Release.unpack(Files.createDirectories(dir.resolve("unpacked")));
        bare = Release.bareEnvironment(Release.pathWithoutToolchain(dir));
    }

    @Test
    void theRuntimeHoldsOnlyWhatPolytraceNeeds() throws Exception {
        Result modules = Release.run(tree, bare, tree.resolve("runtime/bin/java").toString(), "--list-modules");
        assertEquals(0, modules.exit(), modules.err());
        assertTrue(modules.out().contains("jdk.internal.vm.ci"), "JVMCI, for the Graal JIT: " + modules.out());
        for (String unneeded : List.of("jdk.compiler", "jdk.graal.compiler", "jdk.jshell", "java.scripting")) {
            assertFalse(modules.out().contains(unneeded + "@"), unneeded + " linked in: " + modules.out());
        }
        assertFalse(Files.exists(tree.resolve("runtime/bin/javac")));
        assertFalse(Files.exists(tree.resolve("runtime/include")));
        Result sections = Release.run(tree, Map.of(), "readelf", "-S", tree.resolve("runtime/lib/server/libjvm.so").toString());
        assertFalse(sections.out().contains(".debug_info"), "libjvm.so keeps its debug info");
    }

    @Test
    void completionAndManPagesCoverCommandsAndBundledTracers() throws Exception {
        String bash = Files.readString(tree.resolve("share/bash-completion/completions/polytrace"));
        assertTrue(bash.contains("execsnoop") && bash.contains("pktcount"), "tracer names");
        assertTrue(bash.contains("min_length="), "a bundled tracer's param (pktcount's min_length)");
        assertTrue(bash.contains("--state-dir"), "serve's options");
        assertTrue(Files.readString(tree.resolve("share/zsh/site-functions/_polytrace")).startsWith("#compdef polytrace"));
        String run;
        try (var in = new GZIPInputStream(Files.newInputStream(tree.resolve("share/man/man1/polytrace-run.1.gz")))) {
            run = new String(in.readAllBytes());
        }
        String version = Files.readString(tree.resolve(".polytrace-release")).strip();
        assertEquals(".TH POLYTRACE-RUN 1 \"\" \"polytrace " + version.replace("-", "\\-") + "\" \"polytrace manual\"",
                run.lines().findFirst().orElse(""));
        assertTrue(run.contains(".SH BUNDLED TRACERS") && run.contains("min_length"), "tracers and params in polytrace-run(1)");
        Result man = Release.run(tree, Map.of(), "man", "-l", "--warnings", tree.resolve("share/man/man1/polytrace-serve.1.gz").toString());
        assertEquals(0, man.exit(), man.err());
        assertTrue(man.out().contains("state-dir") || man.out().contains("state‐dir"), man.out());
    }

    @Test
    void runsATracerWithoutJdkMavenOrClang() throws Exception {
        Path probe = dir.resolve("ptdist_probe");
        Files.copy(Path.of("/bin/true"), probe);
        Files.setPosixFilePermissions(probe, PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder pb = new ProcessBuilder(tree.resolve("bin/polytrace").toString(), "run", "--standalone", "execsnoop", "--json",
                "--duration", "4s").redirectOutput(dir.resolve("events.json").toFile())
                .redirectError(dir.resolve("run.err").toFile());
        pb.environment().clear();
        pb.environment().putAll(bare);
        Process run = pb.start();
        // exec the probe until the run ends: some of them happen after it attached
        while (!run.waitFor(100, TimeUnit.MILLISECONDS)) {
            new ProcessBuilder(probe.toString()).start().waitFor();
        }
        String err = Files.readString(dir.resolve("run.err"));
        assertEquals(0, run.exitValue(), err);
        assertTrue(Files.readString(dir.resolve("events.json")).contains("ptdist_probe"), "no exec of the probe seen; " + err);
    }

    @Test
    void buildWithoutClangNamesThePackage() throws Exception {
        Path source = Files.writeString(dir.resolve("hello.bpf.c"), "char LICENSE[] __attribute__((section(\"license\"))) = \"GPL\";\n");
        Result build = Release.run(dir, bare, tree.resolve("bin/polytrace").toString(), "build", source.toString());
        assertNotEquals(0, build.exit());
        assertTrue(build.err().contains("apt-get install clang"), build.err());
    }

    @Test
    void installTwiceThenUninstallLeavesOnlyTheStateAndPurgeNothing() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root-ok"));
        Files.createDirectories(root.resolve("usr/local/bin")); // as on a real system
        List<String> before = Release.listing(root);
        Map<String, String> env = Map.of("DESTDIR", root.toString());
        String prefix = root.resolve("opt/polytrace").toString();

        Result first = install(env, "install", "--prefix", prefix, "--no-service");
        assertEquals(0, first.exit(), first.err());
        assertEquals(root.resolve("opt/polytrace/bin/polytrace"), Files.readSymbolicLink(root.resolve("usr/local/bin/polytrace")));
        assertTrue(Files.isRegularFile(root.resolve("usr/share/bash-completion/completions/polytrace")));
        assertTrue(Files.isRegularFile(root.resolve("usr/local/share/man/man1/polytrace-run.1.gz")));
        assertFalse(Files.exists(root.resolve("etc/systemd/system/polytrace.service")), "--no-service installed the unit");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("var/lib/polytrace"))));
        String token = Files.readString(root.resolve("var/lib/polytrace/token"));
        assertTrue(token.strip().matches("[A-Za-z0-9_-]{43}"), token);
        List<String> installed = Release.listing(root);

        Result second = install(env, "install", "--prefix", prefix, "--no-service");
        assertEquals(0, second.exit(), second.err());
        assertEquals(installed, Release.listing(root), "a second install changed the tree");
        assertEquals(token, Files.readString(root.resolve("var/lib/polytrace/token")), "a second install replaced the token");

        Result uninstall = Release.run(dir, env, root.resolve("usr/local/bin/polytrace").toString(), "uninstall", "--prefix", prefix);
        assertEquals(0, uninstall.exit(), uninstall.err());
        List<String> expected = new ArrayList<>(before);
        expected.addAll(List.of("var/", "var/lib/", "var/lib/polytrace/", "var/lib/polytrace/token"));
        expected.sort(null);
        assertEquals(expected, Release.listing(root), "uninstall keeps the state and only the state");

        assertEquals(0, install(env, "install", "--prefix", prefix, "--no-service").exit());
        assertEquals(token, Files.readString(root.resolve("var/lib/polytrace/token")), "reinstalling kept the state");
        Result purge = install(env, "uninstall", "--prefix", prefix, "--purge");
        assertEquals(0, purge.exit(), purge.err());
        assertEquals(before, Release.listing(root));
    }

    @Test
    void installRefusesAForeignFileAtTheLinkAndNamesIt() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root-foreign"));
        Path foreign = Files.writeString(Files.createDirectories(root.resolve("usr/local/bin")).resolve("polytrace"), "#!/bin/sh\n");
        Result r = install(Map.of("DESTDIR", root.toString()), "install", "--prefix", root.resolve("opt/polytrace").toString());
        assertEquals(1, r.exit());
        assertEquals("polytrace: install: " + foreign + " exists and is not polytrace's; move it away, then install again",
                r.err().strip());
        assertFalse(Files.exists(root.resolve("opt/polytrace")), "installed despite refusing");
        assertEquals("#!/bin/sh\n", Files.readString(foreign));
    }

    @Test
    void installRefusesAPrefixItCannotUse() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root-bad"));
        Map<String, String> env = Map.of("DESTDIR", root.toString());
        Path file = Files.writeString(root.resolve("a-file"), "");
        Result underFile = install(env, "install", "--prefix", file.resolve("polytrace").toString());
        assertEquals(1, underFile.exit());
        assertEquals("polytrace: install: " + file + " is not a directory (see --prefix)", underFile.err().strip());
        Result relative = install(env, "install", "--prefix", "opt/polytrace");
        assertEquals("polytrace: install: --prefix must be an absolute path, not 'opt/polytrace'", relative.err().strip());
        Path occupied = Files.createDirectories(root.resolve("occupied"));
        Files.writeString(occupied.resolve("data"), "x");
        Result foreignDir = install(env, "install", "--prefix", occupied.toString());
        assertEquals("polytrace: install: " + occupied + " exists and is not a polytrace install; choose another --prefix "
                + "or empty it", foreignDir.err().strip());
        assertEquals(List.of("a-file", "occupied/", "occupied/data"), Release.listing(root));
    }

    private static Result install(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(tree.resolve("bin/polytrace").toString()));
        command.addAll(List.of(args));
        return Release.run(dir, env, command.toArray(String[]::new));
    }
}
