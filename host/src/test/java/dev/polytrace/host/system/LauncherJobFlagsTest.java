package dev.polytrace.host.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's heap, GC and compilation per command: a short run on the serial GC with a small
 * heap and C2 held back while it starts; the daemon on G1, collecting rather than growing the heap
 * for a deploy's burst (GCTimeRatio 4) and giving memory back when idle.
 */
class LauncherJobFlagsTest {
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
                + " -XX:MaxHeapFreeRatio=30 -XX:TrimNativeHeapInterval=15000 arenas=2", flags("serve"));
    }

    @Test
    void otherCommandsRunOnTheSerialCollectorWithASmallHeapAndCompileWithC2Later() throws Exception {
        for (String command : new String[] {"run", "inspect", "repl", ""}) {
            assertEquals("-XX:+UseSerialGC -Xms16m -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000"
                    + " -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 arenas=", flags(command), command);
        }
    }

    private String flags(String command) throws Exception {
        return launcher.bash(dir, "unset MALLOC_ARENA_MAX\njob_flags \"$1\"\n"
                + "echo \"${JOB_FLAGS[*]} arenas=${MALLOC_ARENA_MAX:-}\"\n", command);
    }
}
