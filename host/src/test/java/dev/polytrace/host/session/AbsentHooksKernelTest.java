package dev.polytrace.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenProgram;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.TestBpfObjects;
import dev.polytrace.host.session.AbsentHooks.Tracepoint;
import dev.polytrace.host.system.SystemFacts;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Programs whose tracepoint the kernel lacks are left out before load: decided on the opened
 * object (libbpf, nothing loaded), with what exists given by the test, and the kernel's own
 * answers checked against tracepoints every kernel has and none has.
 */
@KernelTest
class AbsentHooksKernelTest {
    private static final Predicate<Tracepoint> NO_SUCH = tp -> !tp.name().contains("no_such");

    @Test
    void sectionsNameTheirTracepoint() {
        assertEquals(Optional.of(new Tracepoint("syscalls", "sys_enter_sync")),
                Tracepoint.of("tracepoint/syscalls/sys_enter_sync"));
        assertEquals(Optional.of(new Tracepoint("sched", "sched_switch")), Tracepoint.of("tp/sched/sched_switch"));
        assertEquals(Optional.of(new Tracepoint(null, "softirq_exit")), Tracepoint.of("tp_btf/softirq_exit"));
        assertEquals(Optional.of(new Tracepoint(null, "sched_switch")), Tracepoint.of("raw_tp.w/sched_switch"));
        assertEquals(Optional.of(new Tracepoint(null, "irq_handler_entry")),
                Tracepoint.of("raw_tracepoint/irq_handler_entry"));
        assertEquals(Optional.empty(), Tracepoint.of("tracepoint"), "the target comes from --attach");
        assertEquals(Optional.empty(), Tracepoint.of("tp/sched"));
        assertEquals(Optional.empty(), Tracepoint.of("kprobe/do_nanosleep"));
        assertEquals("syscalls:sys_enter_sync", new Tracepoint("syscalls", "sys_enter_sync").toString());
    }

    @Test
    void programsOnAbsentTracepointsAreLeftOutInOneSentence() {
        try (OpenBpfObject open = open()) {
            String said = AbsentHooks.apply(open, Set.of(), NO_SUCH);
            assertEquals(List.of("getppid_tp", "switch_btf", "sleep_kprobe"), loaded(open));
            assertEquals("not loading the programs whose tracepoint this kernel lacks: no_such_call "
                    + "(syscalls:sys_enter_no_such_call), no_such_btf (no_such_event), no_such_raw (no_such_event)", said);
        }
    }

    @Test
    void aProgramToldWhereToAttachAndOneAlreadyDisabledAreNotChecked() {
        try (OpenBpfObject open = open()) {
            open.program("no_such_btf").setAutoload(false);
            open.program("no_such_raw").setAutoload(false);
            String said = AbsentHooks.apply(open, Set.of("no_such_call"), NO_SUCH);
            assertEquals(List.of("getppid_tp", "no_such_call", "switch_btf", "sleep_kprobe"), loaded(open));
            assertEquals("", said);
        }
    }

    @Test
    void nothingLeftToLoadIsAnError() {
        try (OpenBpfObject open = open()) {
            List.of("getppid_tp", "switch_btf", "sleep_kprobe", "no_such_btf", "no_such_raw")
                    .forEach(name -> open.program(name).setAutoload(false));
            UserError e = assertThrows(UserError.class, () -> AbsentHooks.apply(open, Set.of(), NO_SUCH));
            assertEquals("absent_hooks: no program to load: this kernel lacks the tracepoint of every one: "
                    + "no_such_call (syscalls:sys_enter_no_such_call)", e.getMessage());
        }
    }

    @Test
    void thisKernelsTracefsAndBtfTell() {
        assumeTrue(SystemFacts.mountPoint("tracefs") != null, "tracefs is not mounted");
        assertTrue(AbsentHooks.KERNEL.test(new Tracepoint("syscalls", "sys_enter_getppid")));
        assertFalse(AbsentHooks.KERNEL.test(new Tracepoint("syscalls", "sys_enter_no_such_call")));
        assertTrue(AbsentHooks.KERNEL.test(new Tracepoint(null, "sched_switch")));
        assertFalse(AbsentHooks.KERNEL.test(new Tracepoint(null, "no_such_event")));
    }

    private static OpenBpfObject open() {
        return OpenBpfObject.open(TestBpfObjects.bytes("absent_hooks"), "absent_hooks");
    }

    private static List<String> loaded(OpenBpfObject open) {
        return open.programs().stream().filter(OpenProgram::autoload).map(OpenProgram::name).toList();
    }
}
