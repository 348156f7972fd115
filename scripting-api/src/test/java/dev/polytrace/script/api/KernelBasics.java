package dev.polytrace.script.api;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenProgram;
import dev.polytrace.bpf.testing.TestObjects;

/**
 * libbpf-binding's kernel_basics.bpf.o loaded as "k" (so its data sections are k.bss, k.data,
 * k.rodata), with one program so that loading needs no attach target. Not attached: maps only.
 *
 * <p>The open object is kept reachable for as long as the loaded one: the binding registers the
 * native object's Cleaner on the OpenBpfObject, so collecting it would close the loaded object
 * under the test (reported to the libbpf-binding owner).
 */
record KernelBasics(OpenBpfObject open, BpfObject object) implements AutoCloseable {

    static KernelBasics load() {
        OpenBpfObject open = OpenBpfObject.open(TestObjects.bytes("kernel_basics"), "k");
        try {
            for (OpenProgram p : open.programs()) {
                p.setAutoload(p.name().equals("on_getppid"));
            }
            return new KernelBasics(open, open.load());
        } catch (RuntimeException e) {
            open.close();
            throw e;
        }
    }

    /** Empties every keyed map the tests write, so each test starts from a known state. */
    void reset() {
        for (String name : new String[] {"hash_map", "array_map", "percpu_array", "percpu_hash", "lru_map"}) {
            BpfMap map = object.map(name);
            map.clear();
        }
    }

    @Override
    public void close() {
        object.close();
    }
}
