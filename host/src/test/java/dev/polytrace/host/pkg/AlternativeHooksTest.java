package dev.polytrace.host.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.host.pkg.AlternativeHooks.Group;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which programs of an object are alternatives for one hook, as libbpf-tools pairs them. */
class AlternativeHooksTest {
    private static final List<ObjectProgram> RUNQLAT = List.of(
            new ObjectProgram("sched_wakeup", "tp_btf/sched_wakeup"),
            new ObjectProgram("sched_switch", "tp_btf/sched_switch"),
            new ObjectProgram("handle_sched_wakeup", "raw_tp/sched_wakeup"),
            new ObjectProgram("handle_sched_switch", "raw_tp/sched_switch"));

    @Test
    void tpBtfAndRawTpOnOneEventArePreferredInThatOrder() {
        assertEquals(List.of(
                new Group("sched_wakeup", Map.of("tp_btf", List.of("sched_wakeup"),
                        "raw_tp", List.of("handle_sched_wakeup"))),
                new Group("sched_switch", Map.of("tp_btf", List.of("sched_switch"),
                        "raw_tp", List.of("handle_sched_switch")))), AlternativeHooks.find(RUNQLAT));
        assertEquals(List.of("tp_btf", "raw_tp"), AlternativeHooks.find(RUNQLAT).get(0).kinds());
    }

    @Test
    void fentryPairsWithKprobeAndFexitWithKretprobeButEntryNeverWithExit() {
        List<Group> groups = AlternativeHooks.find(List.of(
                new ObjectProgram("read_kretprobe", "kretprobe/vfs_read"),
                new ObjectProgram("read_kprobe", "kprobe/vfs_read"),
                new ObjectProgram("read_fexit", "fexit/vfs_read"),
                new ObjectProgram("read_fentry", "fentry/vfs_read"),
                new ObjectProgram("write_kprobe", "kprobe/vfs_write")));
        assertEquals(List.of(
                new Group("vfs_read", Map.of("fexit", List.of("read_fexit"), "kretprobe", List.of("read_kretprobe"))),
                new Group("vfs_read", Map.of("fentry", List.of("read_fentry"), "kprobe", List.of("read_kprobe")))),
                groups);
        assertEquals(List.of("fentry", "kprobe"), groups.get(1).kinds(), "the preferred kind first, whatever the order");
    }

    @Test
    void distinctTargetsTracepointsAndBareSectionsAreNoAlternatives() {
        assertEquals(List.of(), AlternativeHooks.find(List.of(
                new ObjectProgram("a", "tp_btf/sched_switch"),
                new ObjectProgram("b", "raw_tp/sched_wakeup"),
                new ObjectProgram("c", "tp/sched/sched_switch"),
                new ObjectProgram("d", "kprobe"),
                new ObjectProgram("e", "fentry"))));
    }

    @Test
    void aRejectedProgramsAlternativesAreNamedWithEveryProgramOfItsKind() {
        List<ObjectProgram> softirqs = List.of(
                new ObjectProgram("softirq_entry_btf", "tp_btf/softirq_entry"),
                new ObjectProgram("softirq_exit_btf", "tp_btf/softirq_exit"),
                new ObjectProgram("softirq_entry", "raw_tp/softirq_entry"),
                new ObjectProgram("softirq_exit", "raw_tp/softirq_exit"));
        assertEquals(Optional.of("--disable-program softirq_entry_btf --disable-program softirq_exit_btf loads their"
                + " raw_tp alternatives instead"), AlternativeHooks.fallbackHint(softirqs, "softirq_exit_btf"));
        assertEquals(Optional.empty(), AlternativeHooks.fallbackHint(softirqs.subList(0, 2), "softirq_exit_btf"));
    }
}
