package dev.polytrace.host.daemon;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What this process holds of BPF in the kernel: fds of programs, maps and links (named by the
 * object's id, from fdinfo), perf event fds, epoll sets watching one of those, and mappings of
 * maps and perf rings (named by address). Only this process: machine-wide ids would also count the objects of other
 * processes using BPF at the same time, and fds of other kinds (HttpClient selectors, say) come
 * and go with the garbage collector.
 */
final class OwnBpfHandles {
    private OwnBpfHandles() {
    }

    /** One entry per handle; two handles on one object are two entries. */
    static List<String> snapshot() {
        Map<String, String> kernelFds = kernelFds();
        List<String> handles = new ArrayList<>(kernelFds.values());
        handles.addAll(epollsWatching(kernelFds));
        handles.addAll(mappings());
        return handles;
    }

    /** What {@code now} holds beyond {@code before}, counting duplicates. */
    static List<String> added(List<String> before, List<String> now) {
        List<String> added = new ArrayList<>(now);
        before.forEach(added::remove);
        return added;
    }

    /** fd number to name, for fds of BPF objects and perf events. */
    private static Map<String, String> kernelFds() {
        Map<String, String> fds = new HashMap<>();
        for (Path fd : list(Path.of("/proc/self/fd"))) {
            String target = link(fd);
            if (target != null && (target.startsWith("anon_inode:bpf") || target.contains("perf_event"))) {
                fds.put(fd.getFileName().toString(), target + objectId(fd.getFileName().toString()));
            }
        }
        return fds;
    }

    /** Epoll sets (a ring or perf buffer reader's) with one of {@code kernelFds} among their targets. */
    private static List<String> epollsWatching(Map<String, String> kernelFds) {
        List<String> epolls = new ArrayList<>();
        for (Path fd : list(Path.of("/proc/self/fd"))) {
            if (!"anon_inode:[eventpoll]".equals(link(fd))) {
                continue;
            }
            for (String line : fdinfo(fd.getFileName().toString())) {
                if (line.startsWith("tfd:")) { // "tfd:       12 events:       19 data: ..."
                    String watched = kernelFds.get(line.substring(4).strip().split("\\s+")[0]);
                    if (watched != null) {
                        epolls.add("epoll on " + watched);
                    }
                }
            }
        }
        return epolls;
    }

    private static List<String> mappings() {
        try {
            return Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains("anon_inode:bpf") || l.contains("[perf_event]"))
                    .map(l -> "mapping " + l.substring(0, l.indexOf(' ')) + " of " + l.substring(l.indexOf("anon_inode:")))
                    .toList(); // by address, so one going and another coming do not look the same
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** " prog_id 12", " map_id 3" or " link_id 7"; "" for perf events, which have no id. */
    private static String objectId(String fd) {
        return fdinfo(fd).stream().filter(l -> l.matches("(prog|map|link)_id:\\s*\\d+"))
                .map(l -> " " + l.replaceAll(":\\s*", " ")).findFirst().orElse("");
    }

    private static List<String> fdinfo(String fd) {
        try {
            return Files.readAllLines(Path.of("/proc/self/fdinfo", fd));
        } catch (IOException closedMeanwhile) {
            return List.of();
        }
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
            return null;
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
