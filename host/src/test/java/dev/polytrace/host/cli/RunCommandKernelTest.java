package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
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
        CliRun run = CliRun.start("run", RunFixtures.packageFile("execs").toString(), "--json",
                "--param", "parent=" + self).awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        run.awaitOut("the expected record", s -> eventWithPid(s, child.pid(), "/bin/true").isPresent());
        run.stop();
        // The JVM starts children through jspawnhelper, which then execs /bin/true under the same pid.
        JsonNode event = eventWithPid(run.out(), child.pid(), "/bin/true").orElseThrow();
        assertEquals(self, event.get("ppid").asLong());
        assertEquals("true", event.get("comm").asText());
        assertEquals("/bin/true", event.get("filename").asText());
    }

    @Test
    void tableOutputHasATimeColumnAndOneColumnPerField() throws Exception {
        CliRun run = CliRun.start("run", RunFixtures.packageFile("execs").toString(),
                "--param", "parent=" + ProcessHandle.current().pid()).awaitAttached();
        Process child = new ProcessBuilder("/bin/true").start();
        child.waitFor();
        run.awaitOut("the expected record", s -> s.contains("/bin/true"));
        run.stop();
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.get(0).matches("TIME +PID +PPID +COMM +FILENAME"), lines.get(0));
        String row = lines.stream().filter(l -> l.contains("/bin/true")).findFirst().orElseThrow();
        assertTrue(row.matches("\\d\\d:\\d\\d:\\d\\d +" + child.pid() + " +\\d+ +true +/bin/true"), row);
    }

    @Test
    void histogramBucketsHoldTheLatencyTheTestProduced() throws Exception {
        try (PipedCat cat = PipedCat.start()) { // blocked in a read that began before tracing: not counted
            CliRun run = CliRun.start("run", RunFixtures.packageFile("readlat").toString(),
                    "--param", "target_tgid=" + cat.pid()).awaitAttached();
            twoReadsOfFortyMillis(cat);
            run.stop();
            assertEquals(2, readsCounted(run.out(), 32768), "our two reads of 40 ms and no other:\n" + run.out());
            assertEquals(2, readsCounted(run.out(), 0), "our two reads of 40 ms and no other:\n" + run.out());
            assertTrue(run.out().contains("usecs") && run.out().contains("distribution"), run.out());
        }
    }

    /**
     * Ends cat's pending read, then twice lets the next read run 40 ms before ending it. Each of
     * the two is blocked before the 40 ms begin, so it lasts at least that long: log2 bucket
     * 32768 -> 65535 usecs, or a later one on a loaded machine.
     */
    private static void twoReadsOfFortyMillis(PipedCat cat) throws Exception {
        cat.endRead();
        for (int i = 0; i < 2; i++) {
            Thread.sleep(40); // the latency being measured, not a wait for anything
            cat.endRead();
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
            CliRun run = CliRun.start("run", url, "--json", "--param",
                    "parent=" + ProcessHandle.current().pid()).awaitAttached();
            Process child = new ProcessBuilder("/bin/true").start();
            child.waitFor();
            run.awaitOut("the expected record", s -> s.contains("\"pid\":" + child.pid() + ","));
            run.stop();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void runsAPackageFromStdinAndPrintsTheFinalHistogramOnSigterm() throws Exception {
        Path pkg = RunFixtures.packageFile("readlat");
        Path stdout = Files.createTempFile("run-stdin", ".out");
        try (PipedCat cat = PipedCat.start()) {
            Process run = ForkedCli.start(List.of(), List.of(), pkg, stdout, "run", "-", "--param",
                    "target_tgid=" + cat.pid());
            try {
                ForkedCli.awaitOutput(run, stdout, "polytrace: tracing", WAIT);
                twoReadsOfFortyMillis(cat);
                run.destroy(); // SIGTERM: final print, detach, exit 0
                assertTrue(run.waitFor(30, java.util.concurrent.TimeUnit.SECONDS));
                String out = Files.readString(stdout);
                assertEquals(0, run.exitValue(), out);
                assertEquals(2, readsCounted(out, 32768), "final histogram printed: " + out);
            } finally {
                run.destroyForcibly();
            }
        } finally {
            Files.deleteIfExists(stdout);
        }
    }

    @Test
    void aVerifierRejectionIsOneLineAndVerboseShowsTheLog() {
        String pkg = RunFixtures.packageFile("rejected").toString();
        CliRun plain = CliRun.run("run", pkg, "--duration", "1s");
        assertEquals(1, plain.exitCode());
        String line = plain.err().strip();
        assertTrue(line.lines().count() == 1 && line.contains("verifier rejected")
                && line.contains("invalid mem access") && line.contains("--verbose"), plain.err());
        CliRun verbose = CliRun.run("run", pkg, "--duration", "1s", "--verbose");
        assertTrue(verbose.err().contains("BEGIN PROG LOAD LOG"), verbose.err());
    }

    /** Among complete lines only: the run may be writing the next one while the test reads. */
    private static Optional<JsonNode> eventWithPid(String jsonLines, long pid, String filename) {
        String complete = jsonLines.substring(0, jsonLines.lastIndexOf('\n') + 1);
        return complete.lines().filter(l -> l.startsWith("{")).map(RunCommandKernelTest::parse)
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

    /**
     * Reads counted in the log2 buckets from {@code low} usecs up, in the last histogram printed
     * (BCC's layout: {@code "     32768 -> 65535      : 2        |****|"}).
     */
    static long readsCounted(String text, long low) {
        int last = text.lastIndexOf("distribution");
        if (last < 0) {
            throw new AssertionError("no histogram printed:\n" + text);
        }
        Matcher m = Pattern.compile("(?m)^\\s*(\\d+) -> \\d+\\s+: (\\d+)").matcher(text.substring(last));
        long total = 0;
        while (m.find()) {
            if (Long.parseLong(m.group(1)) >= low) {
                total += Long.parseLong(m.group(2));
            }
        }
        return total;
    }
}
