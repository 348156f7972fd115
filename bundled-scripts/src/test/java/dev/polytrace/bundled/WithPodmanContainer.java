package dev.polytrace.bundled;

import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * A kernel test class with a podman container of its own, started before its tests and removed
 * after them (test classes run one at a time, so the field is one class's at a time).
 */
abstract class WithPodmanContainer {
    static PodmanContainer container;

    @BeforeAll
    static void startContainer() throws IOException {
        container = PodmanContainer.startForKernelTest();
    }

    @AfterAll
    static void removeContainer() {
        if (container != null) {
            container.close();
            container = null;
        }
    }
}
