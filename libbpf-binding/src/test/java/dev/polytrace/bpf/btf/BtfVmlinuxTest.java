package dev.polytrace.bpf.btf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.testing.KernelFacts;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The running kernel's BTF: large, produced by pahole rather than clang, and needed by every CO-RE program. */
class BtfVmlinuxTest {
    private static Btf vmlinux;

    @BeforeAll
    static void readKernelBtf() {
        assumeTrue(Files.isReadable(Btf.VMLINUX_PATH), KernelFacts.SKIP_PREFIX + "BTF: no " + Btf.VMLINUX_PATH);
        vmlinux = Btf.vmlinux();
    }

    @Test
    void vmlinuxIsParsedOnceAndShared() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Btf>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit((Callable<Btf>) Btf::vmlinux));
            }
            for (Future<Btf> f : results) {
                assertSame(vmlinux, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals("/sys/kernel/btf/vmlinux", vmlinux.origin());
        assertTrue(vmlinux.typeCount() > 10_000, "vmlinux has tens of thousands of types: " + vmlinux.typeCount());
    }

    @Test
    void taskStructPidIsA4ByteSignedInt() {
        BtfStruct task = vmlinux.byName("task_struct", BtfStruct.class).orElseThrow();
        assertSame(task, vmlinux.byName("task_struct").orElseThrow(), "the struct wins over any FWD");
        BtfMember pid = task.member("pid").orElseThrow();
        assertEquals("pid_t", pid.type().cName());
        assertEquals(4, pid.type().size());
        BtfInt underlying = assertInstanceOf(BtfInt.class, pid.type().resolve());
        assertTrue(underlying.signed());
        assertEquals(0, pid.byteOffset() % 4);
        assertTrue(pid.byteOffset() < task.size());
    }

    @Test
    void listHeadRefersToItselfThroughPointers() {
        BtfStruct head = vmlinux.byName("list_head", BtfStruct.class).orElseThrow();
        assertEquals(16, head.size());
        BtfPointer next = assertInstanceOf(BtfPointer.class, head.member("next").orElseThrow().type());
        assertSame(head, next.target());
        assertEquals("struct list_head *", next.cName());
    }

    @Test
    void commonTypedefsResolve() {
        BtfTypedef u32 = vmlinux.byName("u32", BtfTypedef.class).orElseThrow();
        assertEquals("unsigned int", u32.resolve().cName());
        assertEquals(4, u32.size());
        BtfTypedef u64 = vmlinux.byName("u64", BtfTypedef.class).orElseThrow();
        assertEquals(8, u64.size());
    }

    /** pahole sets the signed flag where clang 14 does not; nameOf works with either encoding. */
    @Test
    void negativeEnumerators() {
        Optional<BtfEnum> state = vmlinux.byName("perf_event_state", BtfEnum.class);
        assumeTrue(state.isPresent(), KernelFacts.SKIP_PREFIX + "perf events: no perf_event_state in its BTF");
        assertEquals(Optional.of("PERF_EVENT_STATE_OFF"), state.get().nameOf(-1));
        assertEquals(Optional.of("PERF_EVENT_STATE_ACTIVE"), state.get().nameOf(1));
    }

    @Test
    void enum64ValuesKeepTheirHighBits() {
        List<BtfEnum> wide = vmlinux.types().stream().filter(t -> t.kind() == BtfKind.ENUM64).map(BtfEnum.class::cast)
                .toList();
        assumeTrue(!wide.isEmpty(), KernelFacts.SKIP_PREFIX + "ENUM64 in its BTF");
        assertTrue(wide.stream().allMatch(e -> e.size() == 8 && e.is64()));
        assertTrue(wide.stream().flatMap(e -> e.values().stream())
                .anyMatch(v -> v.value() >>> 32 != 0), "some ENUM64 value needs more than 32 bits");
    }

    @Test
    void everyTypeIsConsistent() {
        List<BtfType> types = vmlinux.types();
        for (int id = 0; id < types.size(); id++) {
            BtfType t = types.get(id);
            assertEquals(id, t.id());
            assertFalse(t.cName().isEmpty() && t.kind() != BtfKind.DATASEC, "type " + id + " has no spelling");
            assertTrue(t.alignment() >= 1);
            if (!t.name().isEmpty() && t.kind() != BtfKind.DECL_TAG && t.kind() != BtfKind.TYPE_TAG) {
                assertTrue(vmlinux.allByName(t.name()).contains(t), "index misses type " + id);
            }
        }
        assertTrue(BtfWalker.touchEverything(vmlinux) > 0);
    }

    @Test
    void kernelFunctionsHaveNamedParameters() {
        BtfFunc f = vmlinux.byName("do_sys_openat2", BtfFunc.class)
                .or(() -> vmlinux.byName("do_sys_open", BtfFunc.class)).orElseThrow();
        assertTrue(f.proto().params().size() >= 3);
        assertEquals("dfd", f.proto().params().get(0).name());
        assertEquals("int", f.proto().params().get(0).type().cName());
        assertTrue(f.cName().startsWith("long do_sys_open") || f.cName().startsWith("int do_sys_open"), f.cName());
    }
}
