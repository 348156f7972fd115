package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.pkg.TestBpfObjects;
import java.math.BigInteger;
import dev.polytrace.host.pkg.EunomiaFixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An eunomia-bpf package.json runs as ecli runs it: same params, same decoded fields. */
@KernelTest
class EunomiaRunKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void runsAnEunomiaPackageWithItsCmdargParamAndDecodesExportTypes(@TempDir Path dir) throws Exception {
        ObjectNode pkg = EunomiaFixtures.generate("exec_events", "event");
        EunomiaFixtures.variable(pkg, "ignore_exit").putObject("cmdarg").put("long", "ignore-exit")
                .put("help", "do not report exits");
        Path file = dir.resolve("package.json");
        JSON.writeValue(file.toFile(), pkg);

        CliRun run = CliRun.start("run", file.toString(), "--json", "--param", "ignore-exit=true")
                .awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        run.awaitOut("the exec of /bin/true by our child", s -> s.contains("\"filename\":\"/bin/true\"")
                && s.contains("\"pid\":" + child.pid()));
        run.stop();
        JsonNode event = run.out().lines().filter(l -> l.contains("\"filename\":\"/bin/true\""))
                .map(EunomiaRunKernelTest::parse).filter(n -> n.path("pid").asLong() == child.pid())
                .findFirst().orElseThrow();
        // export_types[0] = struct event: every field, in order, decoded like ecli (bool as true/false)
        assertEquals(java.util.List.of("pid", "ppid", "exit_code", "duration_ns", "comm", "filename", "exit_event"),
                iterableToList(event.fieldNames()));
        assertEquals(false, event.get("exit_event").asBoolean());
        assertEquals(ProcessHandle.current().pid(), event.get("ppid").asLong());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("\"exit_event\":true")),
                "--param ignore-exit=true (the cmdarg flag) reached the program: " + run.out());
    }

    @Test
    void plainRodataPackageWithInt128RecordsAndACmdargDefaultRunsAsInEcli(@TempDir Path dir) throws Exception {
        ObjectNode pkg = EunomiaFixtures.generate(TestBpfObjects.PLAIN_RODATA, "note");
        long self = ProcessHandle.current().pid();
        // ecli writes cmdarg defaults at load: no --param needed
        EunomiaFixtures.variable(pkg, "target_tgid").putObject("cmdarg").put("default", self).put("long", "pid");
        EunomiaFixtures.map(pkg, "plain_ro.rodata").remove("mmaped"); // as ecc writes some of them
        ((com.fasterxml.jackson.databind.node.ArrayNode) EunomiaFixtures.skel(pkg).get("maps")).addObject()
                .put("name", "plain_ro.data").put("ident", "data");
        Path file = dir.resolve("package.json");
        JSON.writeValue(file.toFile(), pkg);

        CliRun run = CliRun.json(file.toString()).awaitAttached();
        Triggers.getppid(1);
        run.stop();
        JsonNode note = run.rows().get(0);
        assertEquals(1, run.rows().size(), run.describe());
        assertEquals(self, note.get("pid").asLong());
        assertEquals("getppid seen through a plain .rodata", note.get("text").asText());
        assertEquals("a str1 literal", note.get("origin").asText());
        assertEquals("\"" + BigInteger.ONE.shiftLeft(90).negate() + "\"", note.get("below").toString(),
                "__int128 as a decimal string, as ecli prints it");
        assertEquals("\"" + BigInteger.ONE.shiftLeft(127).add(BigInteger.valueOf(self)) + "\"",
                note.get("above").toString());
        assertTrue(run.err().contains("polytrace: warning: " + file + ": $.meta.bpf_skel.maps[4].name: no map"
                + " \"plain_ro.data\" in the object, which has no .data section; ignored, as ecli does not use this"
                + " entry"), run.err());
    }

    @Test
    void xdpFlagsAndTcOptionsReachTheKernel(@TempDir Path dir) throws Exception {
        ObjectNode pkg = EunomiaFixtures.generate(TestBpfObjects.NET_EVENTS, "packet_event");
        EunomiaFixtures.prog(pkg, "xdp_packets").put("flags", 2); // XDP_FLAGS_SKB_MODE
        EunomiaFixtures.prog(pkg, "tc_packets").putObject("tcopts").put("handle", 7).put("priority", 3);
        Path file = dir.resolve("package.json");
        JSON.writeValue(file.toFile(), pkg);

        CliRun run = CliRun.start("run", file.toString(), "--json").awaitAttached();
        String link = command("ip", "link", "show", "lo");
        String filters = command("tc", "filter", "show", "dev", "lo", "ingress");
        run.stop();
        assertTrue(link.contains("xdpgeneric"), link);
        assertTrue(filters.contains("pref 3 ") && filters.contains("handle 0x7 ") && filters.contains("tc_packets"),
                filters);
        assertFalse(command("ip", "link", "show", "lo").contains("xdp"), "detached on stop");
        assertFalse(command("tc", "filter", "show", "dev", "lo", "ingress").contains("tc_packets"), "removed on stop");

        // lo has no driver XDP: asking for it (XDP_FLAGS_DRV_MODE) must fail, which proves the flags are passed
        EunomiaFixtures.prog(pkg, "xdp_packets").put("flags", 4);
        JSON.writeValue(file.toFile(), pkg);
        CliRun driver = CliRun.run("run", file.toString(), "--duration", "1s");
        assertEquals(1, driver.exitCode(), driver.err());
        assertTrue(driver.err().contains("bpf_link_create(xdp_packets, xdp if1, flags 4)"), driver.err());
    }

    private static String command(String... argv) throws Exception {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", argv) + ": " + out);
        return out;
    }

    private static java.util.List<String> iterableToList(java.util.Iterator<String> it) {
        java.util.List<String> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError(line, e);
        }
    }
}
