package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.FeatureStatus;
import dev.polytrace.bpf.Features;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.testing.KernelTest;
import java.util.List;
import org.junit.jupiter.api.Test;

@KernelTest
class DoctorCommandTest {

    @Test
    void reportsEveryAttachAndMapTypeWithTheProbedResult() {
        CliRunner result = CliRunner.run("doctor");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        for (AttachKind kind : AttachKind.values()) {
            FeatureStatus status = Features.attach(kind);
            String expected = (status.available() ? "ok" : "no") + " +" + kind.label() + " +"
                    + (status.available() ? "works" : java.util.regex.Pattern.quote(status.reason()));
            assertTrue(result.out().lines().anyMatch(l -> l.strip().matches(expected)),
                    kind + " line missing or wrong: " + expected + "\n" + result.out());
        }
        for (MapType type : DoctorCommand.MAP_TYPES) {
            assertTrue(result.out().contains(type.displayName() + " map"), type + "\n" + result.out());
        }
        assertTrue(result.out().contains("ok   tracepoint"), "tracepoints work on every kernel CI uses");
        assertTrue(result.out().contains("ok   ringbuf map"));
        assertTrue(result.out().matches("(?s).*(ok|no) +Graal JIT +(active|inactive).*"), result.out());
        assertTrue(result.out().contains("libbpf") && result.out().contains("kernel"));
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
        CliRunner result = CliRunner.run("frobnicate");
        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("frobnicate"), result.err());
    }
}
