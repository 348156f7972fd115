package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.testing.KernelFacts;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * doctor's answers checked against facts found without its code: uname, the kernel's BTF file,
 * libbpf's own header, /proc/self/status, bpftool's feature probe, and {@link KernelFacts}' raw
 * bpf() probes. Each line must say what the machine really can do.
 */
@KernelTest
class DoctorCommandKernelTest {
    private static final Path LIBBPF_VERSION_HEADER = Path.of("/usr/include/bpf/libbpf_version.h");

    @Test
    void systemLinesStateTheMachinesFacts() throws Exception {
        CliRun result = CliRun.run("doctor");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertLine(result.out(), "ok", "kernel", Pattern.quote(command("uname", "-r")));
        assertLine(result.out(), Files.isReadable(Path.of("/sys/kernel/btf/vmlinux")) ? "ok" : "no", "BTF", ".*");
        assertLine(result.out(), "ok", "libbpf", Pattern.quote("v" + define("LIBBPF_MAJOR_VERSION") + "."
                + define("LIBBPF_MINOR_VERSION")));
        long effective = Long.parseLong(Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("CapEff:")).findFirst().orElseThrow().substring(7).strip(), 16);
        for (String cap : List.of("CAP_SYS_ADMIN:21", "CAP_PERFMON:38", "CAP_BPF:39")) {
            String[] nameBit = cap.split(":");
            boolean held = (effective >>> Integer.parseInt(nameBit[1]) & 1) == 1;
            assertEquals(held, privilegesLine(result.out()).contains(nameBit[0]), cap + ": " + privilegesLine(result.out()));
        }
    }

    @Test
    void attachTypesAreOkExactlyWhereTheKernelCanDoThem() {
        CliRun result = CliRun.run("doctor");
        for (AttachKind kind : AttachKind.values()) {
            Optional<String> missing = KernelFacts.missing(kind);
            if (missing.isEmpty()) {
                assertLine(result.out(), "ok", kind.label(), "works");
            } else {
                // The kernel's errno, when the fact has one, is what doctor names too.
                Matcher errno = Pattern.compile("\\((E[A-Z]+)\\)").matcher(missing.get());
                assertLine(result.out(), "no", kind.label(), errno.find() ? ".*" + errno.group(1) + ".*" : ".+");
            }
        }
        assertTrue(KernelFacts.supports(AttachKind.TRACEPOINT), "every kernel of this kind has tracepoints");
    }

    @Test
    void mapTypesAreOkExactlyWhereBpftoolFindsThem() throws Exception {
        CliRun result = CliRun.run("doctor");
        Map<String, Boolean> bpftool = new HashMap<>();
        Matcher line = Pattern.compile("(?m)^eBPF map_type (\\w+) is (NOT )?available$")
                .matcher(command("bpftool", "feature", "probe", "kernel"));
        while (line.find()) {
            bpftool.put(line.group(1), line.group(2) == null);
        }
        for (MapType type : DoctorCommand.MAP_TYPES) {
            Boolean available = bpftool.get(type.displayName());
            assertTrue(available != null, "bpftool probed " + type.displayName() + ": " + bpftool.keySet());
            assertLine(result.out(), available ? "ok" : "no", type.displayName() + " map", available ? "works" : ".+");
        }
        assertTrue(bpftool.get("ringbuf"), "every kernel of this kind has ring buffers");
    }

    @Test
    void graalJitIsActiveExactlyWhenTheJvmStartsWithIt() throws Exception {
        Path jit = Path.of("target", "jit");
        String upgrade;
        try (var jars = Files.list(jit)) {
            upgrade = jars.map(Path::toString).filter(j -> j.endsWith(".jar")).sorted()
                    .reduce((a, b) -> a + ":" + b).orElseThrow();
        }
        ForkedCli with = ForkedCli.run(List.of(), List.of("-XX:+UnlockExperimentalVMOptions", "-XX:+EnableJVMCI",
                "--upgrade-module-path=" + upgrade), "doctor");
        assertLine(with.output(), "ok", "Graal JIT", "active: .*");
        ForkedCli without = ForkedCli.run(List.of(), List.of(), "doctor");
        assertLine(without.output(), "no", "Graal JIT", "inactive: .*(?i)JVMCI.*not enabled.*");
    }

    /** Without capabilities the process is still root by uid, but bpf() is refused: say so clearly. */
    @Test
    void withoutPrivilegesEveryProbeFailsWithAReasonAndNothingCrashes() throws Exception {
        ForkedCli result = ForkedCli.run(List.of("setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"),
                List.of(), "doctor");
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("no   privileges"), result.output());
        assertTrue(result.output().contains("no   tracepoint") && result.output().contains("EPERM"), result.output());
        assertTrue(!result.output().contains("Exception") && !result.output().contains("\tat "),
                "no stack traces: " + result.output());
    }

    @Test
    void aMissingLibbpfIsOneClearLine() throws Exception {
        ForkedCli result = ForkedCli.run(List.of(), List.of("-Dpolytrace.libbpf=/nonexistent/libbpf.so.1"), "doctor");
        assertEquals(1, result.exitCode(), result.output());
        assertTrue(result.output().contains("no   libbpf")
                && result.output().contains("not found at /nonexistent/libbpf.so.1"), result.output());
        assertTrue(!result.output().contains("\tat "), "no stack traces: " + result.output());
    }

    @Test
    void unknownCommandIsOneLine() {
        CliRun result = CliRun.run("frobnicate");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("frobnicate"), result.err());
    }

    /** A doctor line {@code STATUS  NAME  DETAIL}, the detail matching {@code detail}. */
    private static void assertLine(String out, String status, String name, String detail) {
        String expected = Pattern.quote(status) + " +" + Pattern.quote(name) + " +" + detail;
        assertTrue(out.lines().anyMatch(l -> l.strip().matches(expected)), name + ": no line " + expected + "\n" + out);
    }

    private static String privilegesLine(String out) {
        return out.lines().filter(l -> l.strip().matches("(ok|no) +privileges .*")).findFirst().orElseThrow();
    }

    private static String define(String name) throws IOException {
        return Files.readAllLines(LIBBPF_VERSION_HEADER).stream().filter(l -> l.startsWith("#define " + name + " "))
                .map(l -> l.substring(l.lastIndexOf(' ') + 1)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + LIBBPF_VERSION_HEADER));
    }

    private static String command(String... argv) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return out.strip();
    }
}
