package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.Features;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Programs whose section alone does not attach them here, as libbpf-tools ship some for their C
 * code to handle: one on a tracepoint this kernel lacks (absent.bpf.c), uprobes that name their
 * function but not the binary (ucalls.bpf.c). What they count is printed when the run ends.
 */
@KernelTest
class ProgramSectionsKernelTest {

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void aProgramOnATracepointThisKernelLacksIsLeftOutAndTheRestRuns() {
        String pkg = RunFixtures.packageFile("absent").toString();
        CallingThread calls = CallingThread.start();
        CliRun run = CliRun.start("run", pkg, "--param", "target_tid=" + calls.tid).awaitAttached();
        calls.makeThemAll();
        run.stop();
        assertEquals("\ncalls\nVALUE\n" + CallingThread.GETPPIDS + "\n", withoutTimes(run.out()));
        assertTrue(run.err().startsWith("polytrace: absent: not loading the program whose tracepoint this kernel "
                + "lacks: on_no_such_call (syscalls:sys_enter_no_such_call)\npolytrace: tracing absent: 1 program "
                + "attached"), run.err());

        CliRun none = CliRun.run("run", pkg, "--disable-program", "on_getppid", "--duration", "1s");
        assertEquals(1, none.exitCode());
        assertEquals("polytrace: absent: no program to load: this kernel lacks the tracepoint of every one: "
                + "on_no_such_call (syscalls:sys_enter_no_such_call)\n", none.err());
    }

    @Test
    void aUprobeWhoseSectionNamesOnlyItsFunctionNeedsOnlyTheBinary() {
        String pkg = RunFixtures.packageFile("ucalls").toString();
        CliRun untargeted = CliRun.run("run", pkg, "--duration", "1s");
        assertEquals(1, untargeted.exitCode());
        assertEquals("polytrace: program on_entry (uprobe/getppid) needs a target: add --attach "
                + "on_entry.binary=/path/to/binary\n", untargeted.err());

        assumeTrue(Features.attach(AttachKind.UPROBE).available(), "no uprobes here");
        String libc = Features.mappedLibrary("libc.so").orElseThrow().toString();
        CallingThread thread = CallingThread.start();
        CliRun run = CliRun.start("run", pkg, "--param", "target_tid=" + thread.tid,
                "--attach", "on_entry.binary=" + libc, "--attach", "on_return.binary=" + libc).awaitAttached();
        thread.makeThemAll();
        run.stop();
        int calls = CallingThread.GETPPIDS;
        assertEquals("\nentered\nVALUE\n" + calls + "\n\nreturned\nVALUE\n" + calls + "\n", withoutTimes(run.out()),
                "getppid() entered and returned from, in libc");
    }

    /** The table output without the time that starts each map's title line. */
    private static String withoutTimes(String out) {
        return out.replaceAll("(?m)^\\d\\d:\\d\\d:\\d\\d ", "");
    }
}
