package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code polytrace build} end to end in-process. The sources here need no vmlinux.h, so the
 * user's cache directory is not written.
 */
class BuildCommandTest {
    @TempDir
    Path dir;

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void writesThePackageAndSaysWhere() throws Exception {
        Path out = dir.resolve("perf.tracer.json");
        CliRun result = CliRun.run("build", BuildFixtures.resource("perf.bpf.c").toString(),
                "--handler", BuildFixtures.resource("exec.js").toString(), "-o", out.toString(),
                "--name", "getppid", "--version", "1.2.3", "--description", "who calls getppid");

        assertEquals(0, result.exitCode(), result.err());
        TracerPackage pkg = PackageReader.read(Files.readAllBytes(out), out.toString());
        assertEquals("getppid", pkg.name());
        assertEquals("1.2.3", pkg.version());
        assertEquals("who calls getppid", pkg.description());
        assertEquals("js", pkg.handler().orElseThrow().language());
        assertEquals("wrote " + out + " (" + Files.size(out) + " bytes, object " + pkg.object().size()
                + " bytes, sha256 " + pkg.object().sha256() + ")\n", result.out());
        assertEquals("", result.err());
    }

    @Test
    void includeDirsAreRepeatable() throws Exception {
        Path source = dir.resolve("inc.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                #include "one.h"
                #include "two.h"
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx) { return ONE + TWO; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Files.writeString(dir.resolve("a/one.h"), "#define ONE 1\n");
        Files.writeString(dir.resolve("b/two.h"), "#define TWO 0\n");
        Path out = dir.resolve("inc.tracer.json");

        CliRun result = CliRun.run("build", source.toString(), "-I", dir.resolve("a").toString(),
                "-I" + dir.resolve("b"), "-o", out.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().startsWith("wrote " + out), result.out());
    }

    @Test
    void clangErrorsAreShownAsPrintedThenTheExitCode() {
        Path broken = BuildFixtures.resource("broken.bpf.c");
        CliRun result = CliRun.run("build", broken.toString(), "-o", dir.resolve("x.json").toString());

        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith(broken + ":8:11: error: expected ';' at end of declaration\n"),
                result.err());
        assertTrue(result.err().contains(broken + ":14:9: error: use of undeclared identifier 'undeclared_thing'"),
                result.err());
        assertTrue(result.err().endsWith("2 errors generated.\npolytrace: clang exited with code 1\n"), result.err());
        assertFalse(Files.exists(dir.resolve("x.json")));
        assertEquals("", result.out());
    }

    @Test
    void definesAndEventTypesComeFromTheCommandLine() throws Exception {
        Path out = dir.resolve("defines.tracer.json");
        CliRun defined = CliRun.run("build", BuildFixtures.resource("defines.bpf.c").toString(),
                "-D", "THRESHOLD=7", "-DVERBOSE", "-o", out.toString());

        assertEquals(0, defined.exitCode(), defined.err());
        TracerPackage pkg = PackageReader.read(Files.readAllBytes(out), out.toString());
        assertEquals(7L, ((Number) pkg.params().get(0).defaultValue()).longValue());

        Path perf = dir.resolve("perf.tracer.json");
        CliRun chosen = CliRun.run("build", BuildFixtures.resource("perf_helper.bpf.c").toString(),
                "--event", "samples=struct sample", "-o", perf.toString());
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertEquals("struct sample", PackageReader.read(Files.readAllBytes(perf), perf.toString()).outputs()
                .events().get(0).type());
    }

    @Test
    void badDefinesEventTypesAndCpusAreOneLine() {
        String source = BuildFixtures.resource("perf_helper.bpf.c").toString();
        String out = dir.resolve("x.json").toString();

        assertEquals("polytrace: -D '=1': expected NAME or NAME=VALUE with NAME a C identifier such as DEBUG, got an "
                + "empty name\n", CliRun.run("build", source, "-D", "=1", "-o", out).err());
        assertEquals("polytrace: --event samples: expected MAP=TYPE with MAP a map's name, e.g. --event "
                + "events=struct event\n", CliRun.run("build", source, "--event", "samples", "-o", out).err());
        CliRun unknown = CliRun.run("build", source, "--event", "sample=struct sample", "-o", out);
        assertEquals(1, unknown.exitCode());
        assertEquals("polytrace: --event sample=struct sample: perf_helper.bpf.c and the headers it includes define "
                + "or write no ring buffer or perf event array map 'sample' (they have: samples)\n", unknown.err());
        assertFalse(Files.exists(dir.resolve("x.json")));
        assertEquals("polytrace: --mcpu 'v9': expected v1, v2, v3, v4 or probe\n",
                CliRun.run("build", source, "--mcpu", "v9", "-o", out).err());
    }

    @Test
    void mcpuChoosesTheInstructionSet() throws Exception {
        Path source = dir.resolve("percpu.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                __u64 counts[8];
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx) { __u32 cpu = bpf_get_smp_processor_id(); if (cpu < 8) counts[cpu]++; return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        Path v1 = dir.resolve("v1.tracer.json");
        Path v3 = dir.resolve("v3.tracer.json");
        CliRun chosen = CliRun.run("build", source.toString(), "--mcpu", "v1", "-o", v1.toString());
        assertEquals(0, chosen.exitCode(), chosen.err());
        assertEquals(0, CliRun.run("build", source.toString(), "-o", v3.toString()).exitCode());
        assertFalse(PackageReader.read(Files.readAllBytes(v1), "v1").object().sha256().equals(
                PackageReader.read(Files.readAllBytes(v3), "v3").object().sha256()), "the u32 check differs");
    }

    @Test
    void anUndeclaredBpfNameEndsTheDiagnosticsWithAHint() throws Exception {
        Path source = dir.resolve("newer.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx) { return bpf_from_the_future; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        CliRun result = CliRun.run("build", source.toString(), "-o", dir.resolve("x.json").toString());

        assertEquals(1, result.exitCode());
        assertTrue(result.err().startsWith(source + ":4:32: error: use of undeclared identifier "
                + "'bpf_from_the_future'"), result.err());
        List<String> lines = result.err().lines().toList();
        String hint = lines.get(lines.size() - 2);
        assertTrue(hint.startsWith("hint: bpf_from_the_future is probably newer than the installed libbpf headers "
                + "(libbpf "), hint);
        assertEquals("polytrace: clang exited with code 1", lines.get(lines.size() - 1));
    }

    @Test
    void warningsAreShownAndTheBuildSucceeds() throws Exception {
        Path source = dir.resolve("warn.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx) { int unused; return 0; }
                char LICENSE[] SEC("license") = "GPL";
                """);
        CliRun result = CliRun.run("build", source.toString(), "-o", dir.resolve("w.json").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.err().contains(source + ":4:29: warning: unused variable 'unused'"), result.err());
    }

    @Test
    void aMissingClangIsOneLine() {
        CliRun result = CliRun.run("build", BuildFixtures.resource("perf.bpf.c").toString(),
                "--clang", "/nonexistent/clang", "-o", dir.resolve("x.json").toString());

        assertEquals(1, result.exitCode());
        assertEquals("polytrace: clang not found ('/nonexistent/clang' cannot be run): install clang 11 or newer "
                + "(Debian/Ubuntu: apt-get install clang; Fedora: dnf install clang) or pass --clang PATH\n",
                result.err());
    }

    @Test
    void userMistakesAreOneLine() {
        CliRun handler = CliRun.run("build", BuildFixtures.resource("perf.bpf.c").toString(),
                "--handler", dir.resolve("h.rb").toString());
        assertEquals(1, handler.exitCode());
        assertEquals("polytrace: handler " + dir.resolve("h.rb") + ": unknown language; use a .js, .mjs or .py file\n",
                handler.err());

        CliRun missing = CliRun.run("build", dir.resolve("none.bpf.c").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("polytrace: " + dir.resolve("none.bpf.c") + ": no such file\n", missing.err());
    }
}
