package dev.polytrace.host.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code /proc/PID} says about an event's process when a condition asks, as the {@code proc}
 * variable: {@code pid}, {@code ppid}, {@code comm}, {@code exe} (the binary's path),
 * {@code cmdline} (arguments joined by spaces), {@code uid} (real user id) and {@code exe_uid} (the
 * user owning the binary). A process gone by then reads as its pid with empty strings and -1:
 * nothing is guessed.
 */
final class ProcInfo {
    static final List<String> FIELDS = List.of("pid", "ppid", "comm", "exe", "cmdline", "uid", "exe_uid");

    private ProcInfo() {
    }

    static Map<String, Object> read(Path procRoot, long pid) {
        Map<String, Object> proc = gone(pid);
        if (pid <= 0) {
            return proc;
        }
        Path dir = procRoot.resolve(Long.toString(pid));
        try {
            String stat = Files.readString(dir.resolve("stat"), StandardCharsets.UTF_8);
            int open = stat.indexOf('(');
            int close = stat.lastIndexOf(')'); // comm may hold spaces and parentheses itself
            proc.put("comm", stat.substring(open + 1, close));
            String[] rest = stat.substring(close + 2).split(" ");
            proc.put("ppid", Long.parseLong(rest[1]));
            byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
            proc.put("cmdline", new String(cmdline, StandardCharsets.UTF_8).replace('\0', ' ').strip());
            proc.put("uid", realUid(dir));
            Path exe = Files.readSymbolicLink(dir.resolve("exe"));
            proc.put("exe", exe.toString());
            proc.put("exe_uid", ((Number) Files.getAttribute(dir.resolve("exe"), "unix:uid")).longValue());
        } catch (IOException | RuntimeException e) {
            // gone meanwhile, or a kernel thread (no exe): what was read stays, the rest is unknown
        }
        return proc;
    }

    private static long realUid(Path dir) throws IOException {
        for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
            if (line.startsWith("Uid:")) {
                return Long.parseLong(line.substring(4).strip().split("\\s+")[0]);
            }
        }
        return -1;
    }

    private static Map<String, Object> gone(long pid) {
        Map<String, Object> proc = new LinkedHashMap<>();
        proc.put("pid", pid);
        proc.put("ppid", -1L);
        proc.put("comm", "");
        proc.put("exe", "");
        proc.put("cmdline", "");
        proc.put("uid", -1L);
        proc.put("exe_uid", -1L);
        return proc;
    }
}
