package dev.polytrace.bpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.bpf.internal.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Before a kernel test class: root and libbpf or skip. After it: nothing of ours left in the kernel. */
public final class KernelLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelLeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(Native.isLibbpfAvailable(), () -> "libbpf unavailable: " + Native.unavailabilityCause());
        Assumptions.assumeTrue(Native.libc().geteuid() == 0, "kernel tests need root");
        context.getStore(NS).put("kernel", KernelObjects.snapshot());
        context.getStore(NS).put("fds", bpfFds());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        KernelObjects.Snapshot before = context.getStore(NS).get("kernel", KernelObjects.Snapshot.class);
        if (before == null) {
            return;
        }
        KernelObjects.Snapshot leaked = awaitReleased(before);
        @SuppressWarnings("unchecked")
        List<String> fdsBefore = context.getStore(NS).get("fds", List.class);
        List<String> fdsNow = bpfFds();
        fdsNow.removeAll(fdsBefore);
        if (!leaked.isEmpty() || !fdsNow.isEmpty()) {
            fail(context.getDisplayName() + " leaked kernel objects: " + leaked + "; BPF/perf fds: " + fdsNow);
        }
    }

    /**
     * The kernel frees programs after an RCU grace period and maps after the programs that use
     * them, so objects closed a moment ago may still be listed: wait for that, with a deadline.
     */
    static KernelObjects.Snapshot awaitReleased(KernelObjects.Snapshot before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        KernelObjects.Snapshot leaked = KernelObjects.snapshot().minus(before);
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leaked = KernelObjects.snapshot().minus(before);
        }
        return leaked;
    }

    /** Open fds of this process that point at BPF objects or perf events. */
    static List<String> bpfFds() {
        List<String> fds = new ArrayList<>();
        try (Stream<Path> stream = Files.list(Path.of("/proc/self/fd"))) {
            stream.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("anon_inode:bpf") || target.contains("perf_event")) {
                        fds.add(fd.getFileName() + "->" + target);
                    }
                } catch (IOException ignored) {
                    // fd closed while listing
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return fds;
    }
}
