package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What clang says when a source does not compile, missing tools, and the vmlinux.h cache. */
class CompilerDiagnosticsTest {

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void clangErrorsAreKeptAsPrintedWithFileLineAndTheExitCode() {
        Path broken = BuildFixtures.resource("broken.bpf.c");
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> TracerBuilder.build(BuildFixtures.request("broken.bpf.c")));

        assertEquals(1, e.exitCode());
        assertEquals("clang exited with code 1", e.getMessage());
        assertTrue(e.diagnostics().startsWith(broken + ":8:11: error: expected ';' at end of declaration"),
                e.diagnostics());
        assertTrue(e.diagnostics().contains(broken + ":14:9: error: use of undeclared identifier 'undeclared_thing'"),
                e.diagnostics());
        assertTrue(e.diagnostics().contains("        int x = 1\n"), "source lines are shown: " + e.diagnostics());
        assertTrue(e.diagnostics().contains("2 errors generated."), e.diagnostics());
        assertTrue(e.report().endsWith("2 errors generated.\nclang exited with code 1"), e.report());
    }

    @Test
    void errorsInAWrappedSourceReadAsIfItWereCompiledDirectly(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("typo.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                struct event { int pid; };
                struct {
                	__uint(type, BPF_MAP_TYPE_RINGBUF);
                	__uint(max_entries, 4096);
                } rb SEC(".maps");
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx)
                {
                	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);
                	if (!e) return 0;
                	e->pid = nope;
                	bpf_ringbuf_submit(e, 0);
                	return 0;
                }
                """);
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain())));

        assertTrue(e.diagnostics().startsWith(source + ":13:11: error: use of undeclared identifier 'nope'"),
                e.diagnostics());
        assertFalse(e.diagnostics().contains("polytrace.c"), e.diagnostics());
    }

    @Test
    void anUndeclaredBpfNameGetsAHintNamingTheInstalledLibbpf(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("newer.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx)
                {
                	return BPF_F_FROM_THE_FUTURE;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain())));

        String hint = e.hint().orElseThrow();
        assertTrue(hint.matches("hint: BPF_F_FROM_THE_FUTURE is probably newer than the installed libbpf headers "
                + "\\(libbpf \\d+\\.\\d+ in /[^)]*\\); put a newer libbpf's headers in a directory given with -I"),
                hint);
        assertTrue(e.report().endsWith("\n" + hint + "\nclang exited with code 1"), e.report());
        assertFalse(e.diagnostics().contains("hint:"), "clang's own text stays as it printed it");
    }

    @Test
    void warningsOfASuccessfulBuildReachTheCaller(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("warn.bpf.c");
        Files.writeString(source, """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx)
                {
                	int unused;
                	return 0;
                }
                char LICENSE[] SEC("license") = "GPL";
                """);
        StringBuilder warnings = new StringBuilder();
        TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain())
                .withWarnings(warnings::append));

        assertTrue(warnings.toString().contains(source + ":6:6: warning: unused variable 'unused'"),
                warnings.toString());
    }

    @Test
    void aMissingClangIsOneLineSayingHowToInstallIt() {
        BuildException e = assertThrows(BuildException.class, () -> TracerBuilder.build(
                BuildFixtures.request("perf.bpf.c").withToolchain(BuildFixtures.toolchain()
                        .withClang("/nonexistent/clang"))));

        assertEquals("clang not found ('/nonexistent/clang' cannot be run): " + ClangCompiler.INSTALL_HINT,
                e.getMessage());
    }

    @Test
    void aMissingBpftoolIsOneLineWhenVmlinuxHMustBeGenerated(@TempDir Path cache) {
        BuildException e = assertThrows(BuildException.class, () -> TracerBuilder.build(
                BuildFixtures.request("exec.bpf.c").withToolchain(BuildFixtures.toolchain().withCacheDir(cache)
                        .withBpftool("/nonexistent/bpftool"))));

        assertTrue(e.getMessage().startsWith("bpftool not found ('/nonexistent/bpftool' cannot be run): install "
                + "bpftool"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void vmlinuxHIsGeneratedOnceAndReused(@TempDir Path cache) throws Exception {
        BuildRequest request = BuildFixtures.request("exec.bpf.c")
                .withToolchain(BuildFixtures.toolchain().withCacheDir(cache));
        TracerBuilder.build(request);
        Path dir = cache.resolve("vmlinux").resolve(VmlinuxHeader.cacheKey(Toolchain.KERNEL_BTF));
        Path header = dir.resolve("vmlinux.h");
        assertTrue(Files.size(header) > 100_000, "a real vmlinux.h");
        assertTrue(dir.getFileName().toString().matches("[0-9a-f]{16}"), dir.toString());
        try (var keys = Files.list(cache.resolve("vmlinux"))) {
            assertEquals(List.of(dir), keys.toList());
        }
        String btfOnly = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(Toolchain.KERNEL_BTF))).substring(0, 16);
        assertNotEquals(btfOnly, dir.getFileName().toString(),
                "headers cached before kfuncs were declared (keyed by the BTF alone) must not be reused");
        FileTime firstWrite = FileTime.fromMillis(1_000_000_000_000L);
        Files.setLastModifiedTime(header, firstWrite);

        TracerBuilder.build(request);

        assertEquals(firstWrite, Files.getLastModifiedTime(header), "the second build must reuse the header");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left beside the header");
        }
    }
}
