package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** CPU sets as the kernel reports them ("0-3,5"). */
public final class Cpus {
    private Cpus() {
    }

    /** CPUs that are online now: where perf events can be opened. */
    public static List<Integer> online() {
        return parseList(read("/sys/devices/system/cpu/online"));
    }

    /** Possible CPUs: per-CPU maps hold one value for each. */
    public static int possibleCount() {
        int n = Native.libbpf().libbpf_num_possible_cpus();
        if (n <= 0) {
            throw new BpfException("libbpf_num_possible_cpus", -n, null);
        }
        return n;
    }

    static List<Integer> parseList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.strip().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            int from = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
            int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1));
            for (int c = from; c <= to; c++) {
                cpus.add(c);
            }
        }
        return cpus;
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path));
        } catch (IOException e) {
            throw new BpfException("reading " + path, Errno.EIO, e.getMessage());
        }
    }
}
