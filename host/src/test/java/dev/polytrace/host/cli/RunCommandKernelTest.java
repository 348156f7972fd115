package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** polytrace run as a user runs it, against the real kernel. */
@KernelTest
class RunCommandKernelTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(20);

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void execTracerSeesBinTrueWithItsPidParentCommAndFile() throws Exception {
        long self = ProcessHandle.current().pid();
        BackgroundRun run = BackgroundRun.start("run", RunFixtures.packageFile("execs").toString(), "--json",
                "--param", "parent=" + self).awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        assertTrue(run.awaitOut(s -> eventWithPid(s, child.pid(), "/bin/true").isPresent(), WAIT),
                run.out() + run.err());
        assertEquals(0, run.interrupt(WAIT), run.err());
        // The JVM starts children through jspawnhelper, which then execs /bin/true under the same pid.
        JsonNode event = eventWithPid(run.out(), child.pid(), "/bin/true").orElseThrow();
        assertEquals(self, event.get("ppid").asLong());
        assertEquals("true", event.get("comm").asText());
        assertEquals("/bin/true", event.get("filename").asText());
    }

    @Test
    void tableOutputHasATimeColumnAndOneColumnPerField() throws Exception {
        BackgroundRun run = BackgroundRun.start("run", RunFixtures.packageFile("execs").toString(),
                "--param", "parent=" + ProcessHandle.current().pid()).awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        assertTrue(run.awaitOut(s -> s.contains("/bin/true"), WAIT), run.out());
        run.interrupt(WAIT);
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("TIME +PID +PPID +COMM +FILENAME"), lines.get(0));
        String row = lines.stream().filter(l -> l.contains("/bin/true")).findFirst().orElseThrow();
        assertTrue(row.matches("\\d\\d:\\d\\d:\\d\\d +" + child.pid() + " +\\d+ +true +/bin/true"), row);
    }

    @Test
    void histogramBucketsHoldTheLatencyTheTestProduced() throws Exception {
        Process cat = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BackgroundRun run = BackgroundRun.start("run", RunFixtures.packageFile("readlat").toString(),
                    "--param", "target_tgid=" + cat.pid()).awaitAttached();
            OutputStream in = cat.getOutputStream();
            for (int i = 0; i < 3; i++) {
                Thread.sleep(40); // the read that is blocked now lasts at least this long: 40 ms
                in.write('x');
                in.flush();
            }
            assertEquals(0, run.interrupt(WAIT), run.err());
            // Three reads of 40-65 ms: log2 buckets 32768 -> 65535 usecs (or the next one under load).
            long slow = histogramCount(run.out(), 32768) + histogramCount(run.out(), 65536);
            assertTrue(slow >= 2, "expected our 40 ms reads in the histogram:\n" + run.out());
            assertTrue(run.out().contains("usecs") && run.out().contains("distribution"), run.out());
        } finally {
            cat.destroy();
        }
    }

    @Test
    void runsAPackageFromALocalHttpServer() throws Exception {
        byte[] body = Files.readAllBytes(RunFixtures.packageFile("execs"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/x.tracer.json", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/x.tracer.json";
            BackgroundRun run = BackgroundRun.start("run", url, "--json", "--param",
                    "parent=" + ProcessHandle.current().pid()).awaitAttached();
            Process child = new ProcessBuilder("/bin/true").start();
            child.waitFor();
            assertTrue(run.awaitOut(s -> s.contains("\"pid\":" + child.pid() + ","), WAIT), run.out() + run.err());
            assertEquals(0, run.interrupt(WAIT));
        } finally {
            server.stop(0);
        }
    }

    @Test
    void runsAPackageFromStdinAndPrintsTheFinalHistogramOnSigterm() throws Exception {
        Path pkg = RunFixtures.packageFile("readlat");
        Path stdout = Files.createTempFile("run-stdin", ".out");
        Process cat = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Process run = ForkedCli.start(List.of(), List.of(), pkg, stdout, "run", "-", "--param",
                "target_tgid=" + cat.pid());
        try {
            ForkedCli.awaitOutput(run, stdout, "polytrace: tracing", WAIT);
            for (int i = 0; i < 3; i++) {
                Thread.sleep(40);
                cat.getOutputStream().write('x');
                cat.getOutputStream().flush();
            }
            run.destroy(); // SIGTERM: final print, detach, exit 0
            assertTrue(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
            String out = Files.readString(stdout);
            assertEquals(0, run.exitValue(), out);
            assertTrue(histogramCount(out, 32768) + histogramCount(out, 65536) >= 2, "final histogram printed: " + out);
        } finally {
            run.destroyForcibly();
            cat.destroy();
        }
    }

    @Test
    void aVerifierRejectionIsOneLineAndVerboseShowsTheLog() {
        String pkg = RunFixtures.packageFile("rejected").toString();
        CliRunner plain = CliRunner.run("run", pkg, "--duration", "1s");
        assertEquals(1, plain.exitCode());
        String line = plain.err().strip();
        assertTrue(line.lines().count() == 1 && line.contains("verifier rejected")
                && line.contains("invalid mem access") && line.contains("--verbose"), plain.err());
        CliRunner verbose = CliRunner.run("run", pkg, "--duration", "1s", "--verbose");
        assertTrue(verbose.err().contains("BEGIN PROG LOAD LOG"), verbose.err());
    }

    private static Optional<JsonNode> eventWithPid(String jsonLines, long pid, String filename) {
        return jsonLines.lines().filter(l -> l.startsWith("{")).map(RunCommandKernelTest::parse)
                .filter(n -> n.path("pid").asLong() == pid && n.path("filename").asText().equals(filename))
                .findFirst();
    }

    private static JsonNode parse(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    /** The count of the log2 bucket starting at {@code low} in BCC's layout, 0 when absent. */
    static long histogramCount(String text, long low) {
        Matcher m = Pattern.compile("(?m)^\\s+" + low + " -> \\d+\\s+: (\\d+)").matcher(text);
        long total = 0;
        while (m.find()) {
            total += Long.parseLong(m.group(1));
        }
        return total;
    }
}
