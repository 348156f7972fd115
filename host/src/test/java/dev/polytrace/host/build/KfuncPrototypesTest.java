package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfFunc;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** kfunc declarations for vmlinux.h from the running kernel's BTF. */
class KfuncPrototypesTest {
    private static final String DUMPED = """
            #ifndef __VMLINUX_H__
            #define __VMLINUX_H__
            struct task_struct { int pid; };
            #endif /* __VMLINUX_H__ */
            """;

    @Test
    void taggedKernelFunctionsAreDeclaredWeakInsideTheIncludeGuard() {
        assumeTrue(Files.isReadable(Btf.VMLINUX_PATH), "no kernel BTF at " + Btf.VMLINUX_PATH);
        Btf kernel = Btf.vmlinux();
        assumeTrue(kernel.byName("bpf_task_from_pid", BtfFunc.class).isPresent(),
                "this kernel has no bpf_task_from_pid kfunc");

        String header = KfuncPrototypes.addTo(DUMPED, kernel);

        assertTrue(header.contains("\nextern struct task_struct *bpf_task_from_pid(s32 pid) __weak __ksym;\n"),
                header.lines().filter(l -> l.contains("task_from_pid")).toList().toString());
        assertTrue(header.endsWith("#endif\n\n#endif /* __VMLINUX_H__ */\n"), "inside the include guard");
        assertTrue(header.contains("#ifndef BPF_NO_KFUNC_PROTOTYPES\n"), "sources can opt out as with bpftool");
        assertTrue(header.lines().filter(l -> l.startsWith("extern ")).allMatch(l -> l.endsWith(" __weak __ksym;")));
        assertTrue(header.lines().noneMatch(l -> l.startsWith("extern bpf_map_lookup_elem")),
                "helpers are not kfuncs");
    }

    @Test
    void aHeaderThatDeclaresKfuncsAlreadyIsLeftAlone() {
        assumeTrue(Files.isReadable(Btf.VMLINUX_PATH), "no kernel BTF at " + Btf.VMLINUX_PATH);
        String newer = DUMPED.replace("#endif /* __VMLINUX_H__ */",
                "extern struct task_struct *bpf_task_from_pid(s32 pid) __weak __ksym;\n#endif /* __VMLINUX_H__ */");

        assertEquals(newer, KfuncPrototypes.addTo(newer, Btf.vmlinux()));
    }
}
