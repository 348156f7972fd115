package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.EunomiaFixtures;
import dev.polytrace.host.pkg.PackageMap;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestBpfObjects;
import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code polytrace inspect} on packages of the compiled test objects: pure Java, no root. */
class InspectCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int HANDLER_BYTES = TestPackages.execsnoop().handler().orElseThrow().source()
            .getBytes(StandardCharsets.UTF_8).length;

    @TempDir
    Path dir;

    @Test
    void textShowsEverySection() throws Exception {
        Path pkg = write("execsnoop.tracer.json", PackageWriter.write(TestPackages.execsnoop()));
        CliRun run = inspect(pkg.toString());
        assertEquals(0, run.exitCode(), run.err());
        String out = run.out();
        assertTrue(out.startsWith("execsnoop 1.0.0\n  Trace process exec and exit\n"), out);
        assertLine(out, "origin", pkg.toString());
        assertLine(out, "object", TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS).length + " bytes, sha256 "
                + TestPackages.execsnoop().object().sha256());
        assertLine(out, "NAME", "SECTION", "ATTACH", "TARGET");
        assertLine(out, "handle_exec", "tp/sched/sched_process_exec", "tracepoint");
        assertLine(out, "handle_exit", "tp/sched/sched_process_exit", "tracepoint",
                "tracepoint=sched:sched_process_exit");
        assertLine(out, "exec_start", "hash", "pid_t", "u64", "8192");
        assertLine(out, "rb", "ringbuf", "-", "-", "262144");
        assertLine(out, "target_pid \\(--pid\\)", "pid_t", ".rodata", "0", "only trace this process \\(0 = all\\)");
        assertLine(out, "comm_prefix", "char\\[16\\]", ".rodata", "\"sh\"");
        assertLine(out, "dropped", "unsigned long long", ".bss", "0", "events dropped because the ring buffer was full");
        assertLine(out, "events from rb \\(ringbuf\\): struct event, 168 bytes");
        assertLine(out, "pid", "int", "@0");
        assertLine(out, "duration_ns", "unsigned long long", "@16");
        assertLine(out, "filename", "char\\[127\\]", "@40");
        assertLine(out, "exit_event", "bool", "@167");
        assertLine(out, "sampled exec_start: table every 2000 ms");
        assertLine(out, "js", "execsnoop.js", HANDLER_BYTES + " bytes");
    }

    @Test
    void helpNeedsNoPackage() throws Exception {
        CliRun run = inspect("--help");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("Usage: polytrace inspect "), run.out());
        assertEquals("", run.err());
    }

    @Test
    void textFromThePackageCannotDriveTheTerminal() throws Exception {
        ObjectNode doc = TestPackages.document(TestPackages.execsnoop());
        doc.put("version", "1\u001b[2J");
        doc.put("description", "line one\r\n2025-01-01 INFO forged\u001b]0;title\u0007");
        ((ObjectNode) doc.get("params").get(0)).put("help", "help\u001b[31mred");
        ((ObjectNode) doc.get("handler")).put("fileName", "h\u009b2J.js");
        Path pkg = write("escapes.tracer.json", JSON.writeValueAsBytes(doc));
        CliRun run = inspect(pkg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().chars().noneMatch(c -> c == 0x1b || c == '\r' || c == 0x07 || c == 0x9b), run.out());
        assertTrue(run.out().startsWith("execsnoop 1\\x1b[2J\n  line one\\r\\n2025-01-01 INFO forged\\x1b]0;title\\x07\n"),
                run.out());
        assertLine(run.out(), "min_duration_ns", "unsigned long long", ".rodata", "0", "help\\\\x1b\\[31mred");
    }

    @Test
    void jsonForMachines() throws Exception {
        Path pkg = write("execsnoop.tracer.json", PackageWriter.write(TestPackages.execsnoop()));
        CliRun run = inspect(pkg.toString(), "--json");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = JSON.readTree(run.out());
        assertEquals("execsnoop", doc.get("name").asText());
        assertEquals(TestPackages.execsnoop().object().sha256(), doc.get("sha256").asText());
        JsonNode exec = doc.get("programs").get(0);
        assertEquals("handle_exec", exec.get("name").asText());
        assertEquals("tp/sched/sched_process_exec", exec.get("section").asText());
        assertEquals("tracepoint", exec.get("attachType").asText());
        assertEquals("sched:sched_process_exit", doc.get("programs").get(1).get("attach").get("tracepoint").asText());
        JsonNode hash = doc.get("maps").get(0);
        assertEquals(List.of("exec_start", "hash", "pid_t", "u64", "8192"), List.of(hash.get("name").asText(),
                hash.get("type").asText(), hash.get("keyType").asText(), hash.get("valueType").asText(),
                hash.get("maxEntries").asText()));
        assertEquals("ringbuf", doc.get("maps").get(1).get("type").asText());
        assertTrue(doc.get("maps").get(1).get("keyType").isNull());
        JsonNode param = doc.get("params").get(1);
        assertEquals("target_pid", param.get("name").asText());
        assertEquals("pid", param.get("flag").asText());
        assertEquals(0, param.get("defaultValue").asInt());
        JsonNode stream = doc.get("outputs").get("events").get(0);
        assertEquals("struct event", stream.get("type").asText());
        assertEquals(168, stream.get("size").asInt());
        assertEquals(List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "filename", "exit_event"),
                names(stream.get("fields")));
        assertEquals("char[16]", stream.get("fields").get(4).get("type").asText());
        assertEquals("js", doc.get("handler").get("language").asText());
        assertEquals(HANDLER_BYTES, doc.get("handler").get("size").asInt());
        assertTrue(doc.get("signed").asBoolean());
    }

    @Test
    void eunomiaPackageWithNetworkTargetsAndPerfBuffer() throws Exception {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        EunomiaFixtures.prog(json, "xdp_packets").put("ifindex", 3);
        EunomiaFixtures.prog(json, "tc_packets").putObject("tchook").put("ifindex", 2)
                .put("attach_point", "BPF_TC_EGRESS");
        EunomiaFixtures.variable(json, "min_len").put("description", "report only packets at least this long");
        Path pkg = write("package.json", JSON.writeValueAsBytes(json));
        CliRun text = inspect(pkg.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertLine(text.out(), "xdp_packets", "xdp", "xdp", "iface=3");
        assertLine(text.out(), "tc_packets", "tc", "tc", "iface=2 direction=egress");
        assertLine(text.out(), "packets", "perf_event_array", "4 bytes", "4 bytes", "0");
        assertLine(text.out(), "events from packets \\(perf\\): struct packet_event, 12 bytes");
        assertLine(text.out(), "min_len", "__u32", ".rodata", "0", "report only packets at least this long");
        assertTrue(text.out().endsWith("Handler\n  (none)\n\nFilters (--pid, --uid, --comm, --cgroup, --container)\n"
                + "  in the host, from the events' pid, uid, comm and cgroup_id fields\n"), text.out());
        JsonNode doc = JSON.readTree(inspect(pkg.toString(), "--json").out());
        assertEquals("egress", doc.get("programs").get(1).get("attach").get("direction").asText());
        assertTrue(doc.get("handler").isNull());
    }

    @Test
    void sampledHistogram() throws Exception {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.LATENCY_HIST);
        EunomiaFixtures.map(json, "hists").putObject("sample").put("interval", 1000).put("type", "log2_hist")
                .put("unit", "usecs").put("clear_map", true);
        Path pkg = write("hist.json", JSON.writeValueAsBytes(json));
        CliRun run = inspect(pkg.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertLine(run.out(), "vfs_read_entry", "kprobe/vfs_read", "kprobe");
        assertLine(run.out(), "vfs_read_exit", "kretprobe/vfs_read", "kretprobe");
        assertLine(run.out(), "hists", "hash", "struct hist_key", "struct hist", "1024");
        assertLine(run.out(), "sampled hists: log2_hist every 1000 ms, unit usecs, cleared after each print");
    }

    @Test
    void errorsAreOneLine() throws Exception {
        CliRun missing = inspect(dir.resolve("none.json").toString());
        assertEquals(1, missing.exitCode());
        assertEquals("polytrace: " + dir.resolve("none.json") + ": no such file\n", missing.err());
        Path broken = write("broken.tracer.json", "{\"polytrace\": 2}".getBytes());
        CliRun bad = inspect(broken.toString());
        assertEquals(1, bad.exitCode());
        assertEquals("polytrace: " + broken + ": $.polytrace: version 2 is not supported (this polytrace reads 1)\n",
                bad.err());
    }

    @Test
    void readingWarningsAndPackageMapSizesAreShown() throws Exception {
        ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        ((ArrayNode) EunomiaFixtures.skel(json).get("maps")).addObject()
                .put("name", "net_even.data").put("ident", "data");
        Path pkg = write("package.json", JSON.writeValueAsBytes(json));
        CliRun text = inspect(pkg.toString());
        assertEquals(0, text.exitCode(), text.err());
        assertLine(text.out(), "warning", Pattern.quote(pkg + ": $.meta.bpf_skel.maps[3].name: no map"
                + " \"net_even.data\" in the object, which has no .data section; ignored, as ecli does not use this entry"));
        TracerPackage read = PackageReader.read(JSON.writeValueAsBytes(json), "package.json");
        TracerPackage sized = new TracerPackage(read.formatVersion(), read.name(), "", "", read.object(),
                read.handler(), read.params(), read.programs(), List.of(new PackageMap(
                "packets", 4)), read.outputs(), read.options(), read.signature(), read.origin(), List.of());
        Path written = write("sized.tracer.json", PackageWriter.write(sized));
        assertLine(inspect(written.toString()).out(), "packets", "perf_event_array", "4 bytes", "4 bytes",
                "4 \\(package\\)");
    }

    private Path write(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        return file;
    }

    /** A line made of these cells (regular expressions) separated by spaces. */
    private static void assertLine(String text, String... cells) {
        Pattern line = Pattern.compile("^\\s*" + String.join("\\s+", cells) + "\\s*$", Pattern.MULTILINE);
        assertTrue(line.matcher(text).find(), "no line " + String.join(" | ", cells) + " in:\n" + text);
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(n.get("name").asText()));
        return names;
    }

    private static CliRun inspect(String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = "inspect";
        System.arraycopy(args, 0, argv, 1, args.length);
        return CliRun.run(argv);
    }
}
