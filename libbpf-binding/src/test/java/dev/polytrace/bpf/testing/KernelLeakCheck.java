package dev.polytrace.bpf.testing;

import static org.junit.jupiter.api.Assertions.fail;

import dev.polytrace.bpf.internal.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Before a kernel test class: root and libbpf or skip. After it: nothing of ours left in the
 * kernel. "Ours" is decided from this process, not from global ids, so kernel tests of other
 * processes running at the same time cannot make it fail: a program, map or link of ours can
 * only outlive its close through an fd we hold, a mapping of a map, or a tc filter (netlink
 * attachments are not tied to fds), and all three are checked.
 */
public final class KernelLeakCheck implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KernelLeakCheck.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Assumptions.assumeTrue(Native.isLibbpfAvailable(), () -> "libbpf unavailable: " + Native.unavailabilityCause());
        Assumptions.assumeTrue(Native.libc().geteuid() == 0, "kernel tests need root");
        context.getStore(NS).put("fds", bpfHandles());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        @SuppressWarnings("unchecked")
        List<String> before = context.getStore(NS).get("fds", List.class);
        if (before == null) {
            return;
        }
        List<String> leaked = awaitReleased(before);
        if (!leaked.isEmpty()) {
            fail(context.getDisplayName() + " leaked kernel objects (fds, mappings, tc filters): " + leaked);
        }
    }

    /** Handles this process still has that it did not have before; readers unmap asynchronously. */
    static List<String> awaitReleased(List<String> before) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<String> leaked = diff(bpfHandles(), before);
        while (!leaked.isEmpty() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            leaked = diff(bpfHandles(), before);
        }
        return leaked;
    }

    /** What {@code now} has beyond {@code before}, counting duplicates (two mappings of one map are two). */
    private static List<String> diff(List<String> now, List<String> before) {
        List<String> d = new ArrayList<>(now);
        for (String handle : before) {
            d.remove(handle);
        }
        return d;
    }

    /** BPF/perf fds, mappings of BPF maps, and tc filter records owned by this process. */
    static List<String> bpfHandles() {
        List<String> handles = new ArrayList<>(bpfFds());
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
                if (line.contains("anon_inode:bpf")) {
                    handles.add("mmap " + line.substring(line.indexOf("anon_inode:")));
                }
            }
            Path tc = Path.of("/run/polytrace/tc");
            if (Files.isDirectory(tc)) {
                String self = Long.toString(ProcessHandle.current().pid());
                try (Stream<Path> records = Files.list(tc)) {
                    for (Path record : records.toList()) {
                        try {
                            if (Files.readString(record).strip().equals(self)) {
                                handles.add("tc filter " + record.getFileName());
                            }
                        } catch (NoSuchFileException removed) {
                            // another process detached its filter while we listed
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return handles;
    }

    /** " prog_id 12", " map_id 3" or " link_id 7" from an fd's fdinfo; "" for other fds. */
    private static String objectId(String fd) {
        try {
            return Files.readAllLines(Path.of("/proc/self/fdinfo", fd)).stream()
                    .filter(l -> l.matches("(prog|map|link)_id:\\s*\\d+")).map(l -> " " + l.replaceAll(":\\s*", " "))
                    .findFirst().orElse(" fd " + fd);
        } catch (IOException closed) {
            return " fd " + fd;
        }
    }

    /** Open fds of this process that point at BPF objects or perf events. */
    static List<String> bpfFds() {
        List<String> fds = new ArrayList<>();
        try (Stream<Path> stream = Files.list(Path.of("/proc/self/fd"))) {
            stream.forEach(fd -> {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("anon_inode:bpf") || target.contains("perf_event")) {
                        // Named by the kernel object's id, not the fd number: a leaked fd may reuse a closed one's number.
                        fds.add(target + objectId(fd.getFileName().toString()));
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
