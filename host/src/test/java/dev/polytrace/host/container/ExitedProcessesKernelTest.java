package dev.polytrace.host.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A process that ran in a container's cgroup and is gone (exited and reaped) before its event is
 * read still has its container: the kernel recorded the cgroup it exited in. Without the
 * recorder, as before, it reads unknown.
 */
@KernelTest
class ExitedProcessesKernelTest {
    @Test
    void aGoneProcessIsInTheContainerItExitedIn() throws Exception {
        ContainerResolver withExits = new ContainerResolver(StateRoots.system(), System::nanoTime,
                ExitedProcesses::cgroupIdOf);
        ContainerResolver without = new ContainerResolver(StateRoots.system());
        int pid;
        try (DockerLikeCgroup cgroup = new DockerLikeCgroup(); ExitedProcesses.Hold hold = ExitedProcesses.hold()) {
            assertTrue(ExitedProcesses.isRecording(), "the recorder loaded and attached");
            pid = cgroup.runAndReap("exit 0");
            assertFalse(Files.exists(Path.of("/proc/" + pid)), "the process is gone");

            assertEquals(cgroup.cgroupId(), ExitedProcesses.cgroupIdOf(pid), "the cgroup it exited in");
            ContainerInfo info = withExits.ofPid(pid);
            assertEquals(cgroup.containerId, info.id(), info::toString);
            assertEquals(ContainerCgroup.DOCKER, info.runtime());
            assertSame(ContainerInfo.UNKNOWN, without.ofPid(pid), "without the exit records");
        }
        assertFalse(ExitedProcesses.isRecording(), "let go with its last hold");
        assertEquals(0, ExitedProcesses.cgroupIdOf(pid));
    }

    @Test
    void holdsAreCountedAndClosingOneTwiceLetsGoOnce() {
        ExitedProcesses.Hold first = ExitedProcesses.hold();
        ExitedProcesses.Hold second = ExitedProcesses.hold();
        first.close();
        first.close();
        assertTrue(ExitedProcesses.isRecording(), "the second still holds it");
        second.close();
        assertFalse(ExitedProcesses.isRecording());
    }
}
