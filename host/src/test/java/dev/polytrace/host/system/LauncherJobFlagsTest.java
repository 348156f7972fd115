package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's heap, GC and compilation per command: a short command on the serial GC with a
 * small heap and C2 held back while it starts, on G1 when it may run a handler (a Python handler's
 * run with the heap its language's start keeps); the daemon on G1, collecting rather than growing
 * the heap for a deploy's burst (GCTimeRatio 4) and giving memory back when idle.
 */
class LauncherJobFlagsTest {
    private static final String COMMAND_FLAGS = " -Xms16m -XX:Tier4InvocationThreshold=50000"
            + " -XX:Tier4MinInvocationThreshold=6000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000"
            + " arenas=";
    private static final String PYTHON_RUN_FLAGS = " -Xms96m -XX:Tier4InvocationThreshold=150000"
            + " -XX:Tier4MinInvocationThreshold=18000 -XX:Tier4CompileThreshold=450000"
            + " -XX:Tier4BackEdgeThreshold=1200000 arenas=";

    private static LauncherFunctions launcher;

    @TempDir
    Path dir;

    @BeforeAll
    static void readLauncher() throws IOException {
        launcher = LauncherFunctions.of("job_flags");
    }

    @Test
    void theDaemonMayCollectRatherThanGrowAndGivesMemoryBack() throws Exception {
        assertEquals("-XX:+UseG1GC -Xms32m -XX:GCTimeRatio=4 -XX:G1PeriodicGCInterval=15000 -XX:MinHeapFreeRatio=10"
                + " -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=15000"
                + " --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED arenas=2",
                flags("serve"));
    }

    @Test
    void otherCommandsRunOnTheSerialCollectorWithASmallHeapAndCompileWithC2Later() throws Exception {
        for (String command : new String[] {"inspect", "list", ""}) {
            assertEquals("-XX:+UseSerialGC" + COMMAND_FLAGS, flags(command), command);
        }
        assertEquals("-XX:+UseSerialGC" + COMMAND_FLAGS, flags("run", "none"), "a run without handler");
    }

    @Test
    void aRunThatMayStartAHandlerRunsOnG1() throws Exception {
        for (String guests : new String[] {"js", "all"}) {
            assertEquals("-XX:+UseG1GC -XX:GCTimeRatio=4" + COMMAND_FLAGS, flags("run", guests), guests);
        }
        assertEquals("-XX:+UseG1GC -XX:GCTimeRatio=4" + COMMAND_FLAGS, flags("repl", "all"));
    }

    @Test
    void aPythonHandlersRunStartsWithALargerHeapAndHoldsC2BackLongerStill() throws Exception {
        assertEquals("-XX:+UseG1GC -XX:GCTimeRatio=4" + PYTHON_RUN_FLAGS, flags("run", "python"));
        assertEquals("-XX:+UseG1GC -XX:GCTimeRatio=4" + PYTHON_RUN_FLAGS, flags("repl", "python"));
    }

    private String flags(String command) throws Exception {
        return flags(command, "all");
    }

    /** job_flags of {@code command} after choose_guests found {@code guests}; with MALLOC_ARENA_MAX. */
    private String flags(String command, String guests) throws Exception {
        return launcher.bash(dir, "unset MALLOC_ARENA_MAX\nGUESTS=$2\njob_flags \"$1\"\n"
                + "echo \"${JOB_FLAGS[*]} arenas=${MALLOC_ARENA_MAX:-}\"\n", command, guests);
    }
}
