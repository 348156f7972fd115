package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every attach type doctor reports working is attached for real and shown to run. */
@KernelTest
class AttachKernelTest {

    private static void assumeWorks(AttachKind kind) {
        FeatureStatus status = Features.attach(kind);
        assumeTrue(status.available(), () -> kind.label() + " unavailable here: " + status.reason());
    }

    @Test
    void tracepoint() {
        assumeWorks(AttachKind.TRACEPOINT);
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            try (BpfLink link = object.program("on_getppid").attachTracepoint("syscalls", "sys_enter_getppid")) {
                assertTrue(link.description().contains("sys_enter_getppid"));
                Triggers.getppid(4);
            }
            Triggers.getppid(4);
            assertEquals(4, KernelFixture.count(object, KernelFixture.C_TRACEPOINT), "closing the link detaches");
        }
    }

    @Test
    void rawTracepoint() {
        assumeWorks(AttachKind.RAW_TRACEPOINT);
        try (BpfObject object = KernelFixture.load("on_raw_sys_enter")) {
            object.program("on_raw_sys_enter").attachRawTracepoint("sys_enter");
            Triggers.getppid(10);
            assertTrue(KernelFixture.count(object, KernelFixture.C_RAW_TP) >= 10);
        }
    }

    @Test
    void tpBtf() throws InterruptedException {
        assumeWorks(AttachKind.TP_BTF);
        try (BpfObject object = KernelFixture.load("on_sched_switch")) {
            object.program("on_sched_switch").attachTrace();
            for (int i = 0; i < 5; i++) {
                Thread.sleep(1); // each sleep switches this thread out at least once
            }
            assertTrue(KernelFixture.count(object, KernelFixture.C_TP_BTF) >= 5);
        }
    }

    @Test
    void uprobeAndUretprobeOnALibcFunction() {
        assumeWorks(AttachKind.UPROBE);
        Path libc = Features.mappedLibrary("libc.so").orElseThrow();
        try (BpfObject object = KernelFixture.load("on_uprobe", "on_uretprobe")) {
            object.program("on_uprobe").attachUprobe(UprobeTarget.function(libc, "getpid").forPid(Triggers.pid()));
            object.program("on_uretprobe").attachUprobe(UprobeTarget.function(libc, "getpid").asReturnProbe());
            for (int i = 0; i < 6; i++) {
                Triggers.libc().getpid();
            }
            assertEquals(6, KernelFixture.count(object, KernelFixture.C_UPROBE));
            assertEquals(6, KernelFixture.count(object, KernelFixture.C_URETPROBE));
        }
    }

    @Test
    void usdtOnTheJvmsOwnProbes() throws Exception {
        assumeWorks(AttachKind.USDT);
        Path libjvm = Features.mappedLibrary("libjvm.so").orElseThrow();
        try (BpfObject object = KernelFixture.load("on_usdt")) {
            object.program("on_usdt").attachUsdt(libjvm, "hotspot", "thread__start", Triggers.pid());
            Thread t = new Thread(() -> { });
            t.start();
            t.join();
            assertTrue(KernelFixture.count(object, KernelFixture.C_USDT) >= 1, "hotspot:thread__start fired");
        }
    }

    @Test
    void perfEventSamplingOnEveryCpu() {
        assumeWorks(AttachKind.PERF_EVENT);
        try (BpfObject object = KernelFixture.load("on_perf_event")) {
            BpfLink link = object.program("on_perf_event").attachPerfEvent(PerfEventSpec.cpuClock(1000));
            assertTrue(link.description().contains(Cpus.online().size() + " CPUs"), link.description());
            Triggers.burnCpu(200);
            assertTrue(KernelFixture.count(object, KernelFixture.C_PERF) >= 20, "about 200 samples expected");
        }
    }

    @Test
    void xdpOnLoopback() {
        assumeWorks(AttachKind.XDP);
        try (BpfObject object = KernelFixture.load("on_xdp")) {
            object.program("on_xdp").attachXdp(NetworkInterface.byName("lo"));
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_XDP) >= 5);
        }
    }

    @Test
    void tcOnLoopbackIsDetachedOnClose() throws Exception {
        assumeWorks(AttachKind.TC);
        try (BpfObject object = KernelFixture.load("on_tc")) {
            BpfLink link = object.program("on_tc").attachTc(NetworkInterface.byName("lo"), TcDirection.INGRESS);
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_TC) >= 5);
            link.close();
            String filters = new String(new ProcessBuilder("tc", "filter", "show", "dev", "lo", "ingress")
                    .redirectErrorStream(true).start().getInputStream().readAllBytes());
            assertFalse(filters.contains("on_tc"), "tc filter left behind: " + filters);
        }
    }

    @Test
    void cgroupSkbOnTheRootCgroup() {
        assumeWorks(AttachKind.CGROUP);
        try (BpfObject object = KernelFixture.load("on_cgroup_ingress")) {
            object.program("on_cgroup_ingress").attachCgroup(Cgroups.requireV2Root());
            Triggers.loopbackPackets(5);
            assertTrue(KernelFixture.count(object, KernelFixture.C_CGROUP) >= 5);
        }
    }

    @Test
    void taskIteratorListsThisProcess() {
        assumeWorks(AttachKind.ITERATOR);
        try (BpfObject object = KernelFixture.load("dump_tasks")) {
            IteratorLink iterator = object.program("dump_tasks").attachIterator();
            String first = iterator.read();
            assertTrue(first.lines().anyMatch(l -> l.startsWith(Triggers.pid() + " ")), first);
            assertTrue(first.lines().count() > 10, "every process is listed, not just ours: " + first.lines().count());
            assertFalse(iterator.read().isEmpty(), "an iterator can be read again");
        }
    }

    @Test
    void fentryOnAKernelFunction() throws Exception {
        assumeWorks(AttachKind.FENTRY);
        try (BpfObject object = KernelFixture.load("on_fentry_nanosleep")) {
            object.program("on_fentry_nanosleep").attachTrace();
            Thread.sleep(1);
            assertTrue(KernelFixture.count(object, KernelFixture.C_FENTRY) >= 1);
        }
    }

    @Test
    void kprobeOnAKernelFunction() throws Exception {
        assumeWorks(AttachKind.KPROBE);
        try (BpfObject object = KernelFixture.load("on_kprobe_nanosleep")) {
            object.program("on_kprobe_nanosleep").attachKprobe("do_nanosleep", false);
            Thread.sleep(1);
            assertTrue(KernelFixture.count(object, KernelFixture.C_KPROBE) >= 1);
        }
    }

    @Test
    void lsmOnFileOpen() throws Exception {
        assumeWorks(AttachKind.LSM);
        try (BpfObject object = KernelFixture.load("on_lsm_file_open")) {
            object.program("on_lsm_file_open").attachLsm();
            java.nio.file.Files.readAllBytes(Path.of("/proc/self/stat"));
            assertTrue(KernelFixture.count(object, KernelFixture.C_LSM) >= 1);
        }
    }

    @Test
    void refusedHooksReportTheProbedReason() {
        for (AttachKind kind : new AttachKind[] {AttachKind.FENTRY, AttachKind.LSM, AttachKind.KPROBE}) {
            FeatureStatus status = Features.attach(kind);
            if (!status.available()) {
                assertFalse(status.reason().isBlank(), kind + " has a reason");
            }
        }
    }
}
