package dev.polytrace.host.pkg;

import static dev.polytrace.host.pkg.EunomiaFixtures.map;
import static dev.polytrace.host.pkg.EunomiaFixtures.prog;
import static dev.polytrace.host.pkg.EunomiaFixtures.skel;
import static dev.polytrace.host.pkg.EunomiaFixtures.variable;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** eunomia-bpf package.json files, generated from the compiled test objects, read into the model. */
class EunomiaPackageTest {
    private static final String ORIGIN = "package.json";

    @Test
    void execTracerBecomesParamsProgramsAndEventStream() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
        skel(json).putObject("doc").put("version", "0.1.0").put("brief", "Trace exec and exit")
                .put("details", "Longer text");
        variable(json, "min_duration_ns").put("description", "Minimum duration in ns");
        variable(json, "target_pid").put("description", "ignored: cmdarg.help wins").putObject("cmdarg")
                .put("default", 42).put("long", "pid").put("short", "p").put("help", "Process ID to trace");
        variable(json, "ignore_exit").put("value", true);

        TracerPackage pkg = read(json);

        assertEquals("exec_events", pkg.name());
        assertEquals("0.1.0", pkg.version());
        assertEquals("Trace exec and exit", pkg.description());
        assertArrayEquals(TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS), pkg.object().elf());
        assertEquals(List.of(
                new PackageParam("min_duration_ns", "unsigned long long", ".rodata", 0L, "Minimum duration in ns", null),
                new PackageParam("target_pid", "pid_t", ".rodata", 42L, "Process ID to trace", "pid"),
                new PackageParam("ignore_exit", "bool", ".rodata", true, "", null),
                new PackageParam("comm_prefix", "char[16]", ".rodata", "sh", "", null),
                new PackageParam("dropped", "unsigned long long", ".bss", 0L, "", null)), pkg.params());
        assertEquals(List.of(new PackageProgram("handle_exec", "tp/sched/sched_process_exec", Optional.empty()),
                new PackageProgram("handle_exit", "tp/sched/sched_process_exit", Optional.empty())), pkg.programs());
        assertEquals(new PackageOutputs(List.of(new EventStream("rb", "ringbuf", "struct event")), List.of()),
                pkg.outputs());
        assertEquals(PackageOptions.DEFAULTS, pkg.options());
        assertEquals(Optional.empty(), pkg.handler());
        assertEquals(ORIGIN, pkg.origin());
    }

    @Test
    void convertedPackageWritesAsPolytraceDocument() {
        TracerPackage pkg = read(EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event"));
        assertEquals(pkg.withOrigin("x"), PackageReader.read(PackageWriter.write(pkg), "x"));
    }

    @Test
    void sampledHistogramMap() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.LATENCY_HIST);
        map(json, "hists").putObject("sample").put("interval", 1000).put("type", "log2_hist").put("unit", "usecs")
                .put("clear_map", true);
        variable(json, "targ_ms").putObject("cmdarg").put("long", "milliseconds").put("help", "Report in ms");

        TracerPackage pkg = read(json);

        assertEquals(new PackageOutputs(List.of(), List.of(new SampledMap("hists", "log2_hist", 1000, "usecs", true,
                1))), pkg.outputs());
        assertEquals(new PackageParam("targ_ms", "bool", ".rodata", false, "Report in ms", "milliseconds"),
                pkg.params().get(0));
        assertEquals(List.of("kprobe/vfs_read", "kretprobe/vfs_read"),
                pkg.programs().stream().map(PackageProgram::section).toList());
    }

    @Test
    void sampleDefaultsFollowEunomia() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.LATENCY_HIST);
        map(json, "hists").putObject("sample").put("interval", 500);
        assertEquals(List.of(new SampledMap("hists", "table", 500, "(unit)", false, 1)), read(json).outputs().samples());
        map(json, "hists").putObject("sample").put("interval", 250).put("type", "linear_hist");
        map(json, "start").putObject("sample").put("interval", 99).put("type", "default_kv");
        assertEquals(List.of(new SampledMap("start", "table", 99, "(unit)", false, 1)), read(json).outputs().samples(),
                "the first map with a sample wins");
    }

    @Test
    void aSampledMapReplacesTheEventStreamAsInEcli() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
        map(json, "exec_start").putObject("sample").put("interval", 2000).put("type", "default_kv");
        PackageOutputs outputs = read(json).outputs();
        assertEquals(List.of(), outputs.events());
        assertEquals(List.of(new SampledMap("exec_start", "table", 2000, "(unit)", false, 1)), outputs.samples());
    }

    @Test
    void noExportMapsAreNotStreams() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
        map(json, "rb").put("export_config", "no_export");
        assertEquals(List.of(), read(json).outputs().events());
    }

    @Test
    void xdpAndTcTargetsAndPerfStream() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        prog(json, "xdp_packets").put("ifindex", 3).put("flags", 0);
        prog(json, "tc_packets").putObject("tchook").put("ifindex", 2).put("attach_point", "BPF_TC_EGRESS");
        prog(json, "tc_packets").putObject("tcopts").put("handle", 1).put("priority", 1);
        json.with("meta").put("perf_buffer_pages", 32).put("poll_timeout_ms", 250);

        TracerPackage pkg = read(json);

        assertEquals(List.of(
                new PackageProgram("xdp_packets", "xdp", Optional.of(target("3", null))),
                new PackageProgram("tc_packets", "tc", Optional.of(AttachTarget.network("2", "egress", null, 1L, 1L)))),
                pkg.programs());
        assertEquals(List.of(new EventStream("packets", "perf", "struct packet_event")), pkg.outputs().events());
        assertEquals(new PackageOptions(1000, 1000, "continue", 32, 250), pkg.options());
        assertEquals(List.of(new PackageParam("min_len", "__u32", ".rodata", 0L, "", null)), pkg.params());
    }

    @Test
    void networkTargetsDefaultToLoopbackIngressAsInEunomia() {
        TracerPackage pkg = read(EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event"));
        assertEquals(List.of(Optional.of(target("1", null)), Optional.of(target("1", "ingress"))),
                pkg.programs().stream().map(PackageProgram::attach).toList());
    }

    @Test
    void xdpFlagsAndTcOptionsAsEcliTakesThem() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        prog(json, "xdp_packets").put("flags", 2).putObject("xdpopts").put("old_prog_fd", 0);
        prog(json, "tc_packets").putObject("tcopts").put("handle", 7).put("priority", 3);
        assertEquals(List.of(Optional.of(AttachTarget.network("1", null, 2L, null, null)),
                Optional.of(AttachTarget.network("1", "ingress", null, 7L, 3L))),
                read(json).programs().stream().map(PackageProgram::attach).toList());
        prog(json, "tc_packets").putObject("tcopts").put("handle", 9);
        assertEquals(Optional.of(AttachTarget.network("1", "ingress", null, 9L, 1L)), read(json).programs().get(1)
                .attach(), "a tcopts field left out is 1, as in ecli");
    }

    @Test
    void attachOptionErrorsNameTheField() {
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[0].flags: 16 has XDP_FLAGS_REPLACE (16), which needs the fd of"
                + " the program to replace; polytrace attaches through a BPF link, which never replaces one",
                net(j -> prog(j, "xdp_packets").put("flags", 16)));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[0].flags: 6 asks for more than one mode (2 SKB_MODE,"
                + " 4 DRV_MODE, 8 HW_MODE)", net(j -> prog(j, "xdp_packets").put("flags", 6)));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[0].xdpopts.old_prog_fd: only 0 is supported: a program fd of"
                + " the packaging process means nothing here",
                net(j -> prog(j, "xdp_packets").putObject("xdpopts").put("old_prog_fd", 5)));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[1].tcopts.priority: must be at most 65535, got 70000",
                net(j -> prog(j, "tc_packets").putObject("tcopts").put("priority", 70000)));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[1].tcopts.handle: must be at least 1, got 0",
                net(j -> prog(j, "tc_packets").putObject("tcopts").put("handle", 0)));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[0].link: expected true or false, got \"yes\"",
                net(j -> prog(j, "xdp_packets").put("link", "yes")));
    }

    @Test
    void cmdargDefaultsAndEunomiaDummiesAsEcliReadsThem() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        variable(json, "target_tgid").putObject("cmdarg").put("default", 4321).put("long", "pid");
        ((com.fasterxml.jackson.databind.node.ArrayNode) skel(json).get("data_sections").get(1).get("variables"))
                .addObject().put("name", "__eunomia_dummy_note_ptr").put("type", "struct note *");
        assertEquals(List.of(new PackageParam("target_tgid", "__u32", ".bss", 4321L, "", "pid")), read(json).params(),
                "ecc's __eunomia_dummy_* pointers are no params");
    }

    @Test
    void exportTypesAreCheckedLikeEcli() {
        assertEquals(ORIGIN + ": $.meta.export_types[0].type_id: 3 is not struct event (type " + eventTypeId()
                + " in the object's BTF): it is " + typeName(3), exec(j -> exportType(j).put("type_id", 3)));
        assertEquals(ORIGIN + ": $.meta.export_types[0].members: 6 members, but struct event has 7 in the object",
                exec(j -> ((com.fasterxml.jackson.databind.node.ArrayNode) exportType(j).get("members")).remove(6)));
        ObjectNode renamed = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
        ((ObjectNode) exportType(renamed).get("members").get(1)).put("name", "parent");
        assertEquals(List.of(ORIGIN + ": $.meta.export_types[0].members[1].name: \"parent\" does not match the object,"
                + " where member 1 of struct event is \"ppid\"; ecli leaves it out, polytrace prints it as \"ppid\""),
                read(renamed).warnings());
    }

    private static ObjectNode exportType(ObjectNode json) {
        return (ObjectNode) json.get("meta").get("export_types").get(0);
    }

    private static long eventTypeId() {
        return exportType(EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event")).get("type_id").asLong();
    }

    private static String typeName(int id) {
        var elf = dev.polytrace.bpf.elf.ElfFile.parse(TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS), "x");
        var type = dev.polytrace.bpf.btf.Btf.fromElf(elf).type(id);
        return type.cName().isEmpty() ? "a " + type.kind() : type.cName();
    }

    private static String net(Consumer<ObjectNode> mutation) {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        mutation.accept(json);
        return message(json);
    }

    @Test
    void envelopeErrors() {
        int size = TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS).length;
        assertEquals(ORIGIN + ": $.bpf_object_size: does not match the object (expected " + (size + 1) + ", got "
                + size + ")", exec(j -> j.put("bpf_object_size", size + 1)));
        assertTrue(exec(j -> j.put("bpf_object", "%%%")).startsWith(ORIGIN + ": $.bpf_object: not base64 ("));
        assertEquals(ORIGIN + ": $.meta: missing", exec(j -> j.remove("meta")));
        assertEquals(ORIGIN + ": $.bpf_object: missing", exec(j -> j.remove("bpf_object")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel: missing", exec(j -> j.with("meta").remove("bpf_skel")));
        assertEquals(ORIGIN + ": $.meta.perf_buffer_pages: must be a power of two up to 65536, got 3",
                exec(j -> j.with("meta").put("perf_buffer_pages", 3)));
    }

    @Test
    void cppEraLayoutIsRejected() {
        String m = assertThrows(PackageFormatException.class, () -> PackageReader.read(
                TestBpfObjects.resource("/packages/eunomia-cpp-era.json"), "opensnoop.json")).getMessage();
        assertEquals("opensnoop.json: $.meta.export_types: the C++-era eunomia layout ({export_btf, structs}) is not"
                + " supported; rebuild the package with a current ecc (eunomia-bpf 0.3 or later)", m);
    }

    @Test
    void exportTypesAreCheckedAgainstBtf() {
        assertEquals(ORIGIN + ": $.meta.export_types[0].name: struct missing is not in the object's BTF",
                exec(j -> ((ObjectNode) j.get("meta").get("export_types").get(0)).put("name", "missing")));
        assertEquals(ORIGIN + ": $.meta.export_types[0].size: 24 does not match the object, where struct event is"
                + " 168 bytes", exec(j -> ((ObjectNode) j.get("meta").get("export_types").get(0)).put("size", 24)));
    }

    @Test
    void skeletonErrorsNameTheEunomiaField() {
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[0].name: no program \"handle_fork\" in the object (programs:"
                + " handle_exec, handle_exit)", exec(j -> prog(j, "handle_exec").put("name", "handle_fork")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[1].attach: \"tp/sched/sched_process_fork\" does not match the"
                + " object, where handle_exit is in section \"tp/sched/sched_process_exit\"",
                exec(j -> prog(j, "handle_exit").put("attach", "tp/sched/sched_process_fork")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.data_sections[0].variables[1].name: no global \"pid\" in the object's"
                + " .rodata (globals: min_duration_ns, target_pid, ignore_exit, comm_prefix)",
                exec(j -> variable(j, "target_pid").put("name", "pid")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[1].name: no map \"events\" in the object (maps: exec_start, rb,"
                + " exec_eve.rodata, exec_eve.bss)", exec(j -> map(j, "rb").put("name", "events")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[0].sample.type: \"pie\" is not a sample type (log2_hist,"
                + " linear_hist or default_kv)", exec(j -> map(j, "exec_start").putObject("sample")
                .put("interval", 1).put("type", "pie")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.maps[0].sample.interval: missing",
                exec(j -> map(j, "exec_start").putObject("sample").put("type", "log2_hist")));
        assertEquals(ORIGIN + ": $.meta.bpf_skel.obj_name: missing", exec(j -> skel(j).remove("obj_name")));
    }

    @Test
    void tcAttachPointMustBeIngressOrEgress() {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        prog(json, "tc_packets").putObject("tchook").put("attach_point", "BPF_TC_CUSTOM");
        assertEquals(ORIGIN + ": $.meta.bpf_skel.progs[1].tchook.attach_point: \"BPF_TC_CUSTOM\" is not supported"
                + " (BPF_TC_INGRESS or BPF_TC_EGRESS)", message(json));
    }

    @Test
    void objectMustBeBpf() {
        assertEquals(ORIGIN + ": $.bpf_object: not a BPF object: x86-64 ELF", exec(j -> {
            byte[] elf = TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS).clone();
            elf[18] = 62;
            elf[19] = 0;
            j.put("bpf_object", ObjectEncoding.encode(elf));
        }));
    }

    private static AttachTarget target(String iface, String direction) {
        return new AttachTarget(iface, direction, null, null, null, null, null, null, null, null);
    }

    private static TracerPackage read(ObjectNode json) {
        return PackageReader.read(TestPackages.bytes(json), ORIGIN);
    }

    private static String exec(Consumer<ObjectNode> mutation) {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
        mutation.accept(json);
        return message(json);
    }

    private static String message(ObjectNode json) {
        return assertThrows(PackageFormatException.class, () -> read(json)).getMessage();
    }
}
