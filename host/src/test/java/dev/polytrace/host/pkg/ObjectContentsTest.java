package dev.polytrace.host.pkg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.MapType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Programs, maps and types of the compiled test objects, read without libbpf. */
class ObjectContentsTest {
    @Test
    void programsWithTheirSections() {
        assertEquals(List.of(new ObjectProgram("handle_exec", "tp/sched/sched_process_exec"),
                new ObjectProgram("handle_exit", "tp/sched/sched_process_exit")), contents("exec_events").programs());
        assertEquals(List.of(new ObjectProgram("xdp_packets", "xdp"), new ObjectProgram("tc_packets", "tc")),
                contents("net_events").programs());
    }

    @Test
    void mapsDecodedFromBtf() {
        assertEquals(List.of(
                new MapDefinition("exec_start", MapType.HASH, "pid_t", "u64", 4, 8, 8192, 0),
                new MapDefinition("rb", MapType.RINGBUF, null, null, 0, 0, 256 * 1024, 0)),
                contents("exec_events").maps());
        assertEquals(List.of(
                new MapDefinition("start", MapType.HASH, "u32", "u64", 4, 8, 10240, 0),
                new MapDefinition("hists", MapType.HASH, "struct hist_key", "struct hist", 16, 104, 1024, 0)),
                contents("latency_hist").maps());
        assertEquals(List.of(new MapDefinition("packets", MapType.PERF_EVENT_ARRAY, null, null, 4, 4, 0, 0)),
                contents("net_events").maps());
    }

    @Test
    void typesByTheirCSpelling() {
        ObjectContents exec = contents("exec_events");
        assertEquals(168, exec.type("struct event").orElseThrow().size());
        assertTrue(exec.type("union event").isEmpty());
        assertTrue(exec.type("struct hist").isEmpty());
        assertEquals(4, exec.type("pid_t").orElseThrow().size());
    }

    @Test
    void initialValuesOfGlobals() {
        ObjectContents exec = contents("exec_events");
        assertEquals("sh", exec.initialValue(".rodata", exec.global(".rodata", "comm_prefix").orElseThrow()));
        assertEquals(false, exec.initialValue(".rodata", exec.global(".rodata", "ignore_exit").orElseThrow()));
        assertEquals(0L, exec.initialValue(".bss", exec.global(".bss", "dropped").orElseThrow()));
    }

    @Test
    void attachTypesFromSectionPrefixes() {
        Map<String, String> expected = Map.ofEntries(Map.entry("tp/sched/sched_process_exec", "tracepoint"),
                Map.entry("tracepoint/syscalls/sys_enter_openat", "tracepoint"), Map.entry("raw_tp/sys_enter", "raw_tp"),
                Map.entry("raw_tracepoint/sched_switch", "raw_tp"), Map.entry("tp_btf/sched_switch", "tp_btf"),
                Map.entry("kprobe/vfs_read", "kprobe"), Map.entry("kretprobe/vfs_read", "kretprobe"),
                Map.entry("uprobe", "uprobe"), Map.entry("uretprobe//bin/bash:readline", "uretprobe"),
                Map.entry("usdt", "usdt"), Map.entry("xdp", "xdp"), Map.entry("xdp.frags", "xdp"),
                Map.entry("tc", "tc"), Map.entry("tcx/ingress", "tc"), Map.entry("classifier", "tc"),
                Map.entry("perf_event", "perf_event"), Map.entry("cgroup_skb/ingress", "cgroup"),
                Map.entry("cgroup/connect4", "cgroup"), Map.entry("iter/task", "iter"), Map.entry("lsm/file_open", "lsm"),
                Map.entry("lsm.s/bprm_check_security", "lsm"), Map.entry("fentry/do_unlinkat", "fentry"),
                Map.entry("fexit/do_unlinkat", "fexit"), Map.entry("ksyscall/kill", "ksyscall"),
                Map.entry("socket", "socket"), Map.entry("tpx/whatever", "unknown"), Map.entry(".text", "unknown"));
        expected.forEach((section, type) -> assertEquals(type, ProgramSection.attachType(section), section));
    }

    private static ObjectContents contents(String object) {
        return ObjectContents.parse(TestBpfObjects.bytes(object), object, "$.object");
    }
}
