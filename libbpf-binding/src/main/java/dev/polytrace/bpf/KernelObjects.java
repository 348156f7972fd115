package dev.polytrace.bpf;

import dev.polytrace.bpf.internal.Native;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import jnr.ffi.byref.IntByReference;

/** Ids of every BPF program, map and link in the kernel: what leak checks compare. */
public final class KernelObjects {
    private KernelObjects() {
    }

    /** A snapshot of the kernel's BPF object ids. */
    public record Snapshot(Set<Integer> programs, Set<Integer> maps, Set<Integer> links) {
        /** Objects present now that were not in {@code before}. */
        public Snapshot minus(Snapshot before) {
            return new Snapshot(diff(programs, before.programs), diff(maps, before.maps), diff(links, before.links));
        }

        public boolean isEmpty() {
            return programs.isEmpty() && maps.isEmpty() && links.isEmpty();
        }

        @Override
        public String toString() {
            return "programs " + programs + ", maps " + maps + ", links " + links;
        }

        private static Set<Integer> diff(Set<Integer> now, Set<Integer> before) {
            Set<Integer> d = new TreeSet<>(now);
            d.removeAll(before);
            return d;
        }
    }

    public static Snapshot snapshot() {
        var lib = Native.libbpf();
        return new Snapshot(ids("programs", lib::bpf_prog_get_next_id), ids("maps", lib::bpf_map_get_next_id),
                ids("links", lib::bpf_link_get_next_id));
    }

    private static Set<Integer> ids(String what, BiFunction<Integer, IntByReference, Integer> next) {
        Set<Integer> ids = new TreeSet<>();
        int id = 0;
        while (true) {
            IntByReference out = new IntByReference();
            int rc = next.apply(id, out);
            if (rc == -Errno.ENOENT) {
                return ids;
            }
            Native.check(rc, "listing BPF " + what);
            id = out.getValue();
            ids.add(id);
        }
    }
}
