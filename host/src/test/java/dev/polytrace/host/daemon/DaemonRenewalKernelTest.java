package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import dev.polytrace.host.build.BuildFixtures;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * polytrace serve renews itself in place once idle after a handler ran: the same process and
 * sockets, the languages' memory given back, share links and console sessions still good, the
 * kernel side of the old JVM gone and the new one's loaded once.
 */
@KernelTest
class DaemonRenewalKernelTest {
    private static final Pattern RENEWING = Pattern.compile("renewing in place .*idle, (\\d+) MB resident");

    @Test
    void anIdleDaemonThatRanAHandlerRenewsInPlaceAndKeepsItsSocketsLinksAndSessions(@TempDir Path dir)
            throws Exception {
        BuildFixtures.assumeToolchain();
        Path socket = dir.resolve("run/polytrace.sock");
        Path packageFile = dir.resolve("seq.tracer.json");
        Files.write(packageFile, TestTracers.document(TestTracers.seqWithHandler()));
        try (ServedDaemon served = ServedDaemon.start(dir.resolve("state"), "--socket", socket.toString(),
                "--renew-after", "2s")) {
            Await.until("the daemon's exit recorder", Duration.ofSeconds(30), () -> ServedDaemon.exitRecorders() == 1);
            Map<String, Long> fdsAtStart = openFds(served.pid());
            DaemonFixture.Client client = served.client();
            DaemonFixture.Response deployed = client.post("/v1/tracers",
                    TestTracers.request(TestTracers.seqWithHandler()));
            assertEquals(201, deployed.status(), deployed.toString());
            String id = deployed.json().path("id").asText();
            Triggers.getppid(3);
            Await.until("3 records through the JS handler", Duration.ofSeconds(60),
                    () -> client.get("/v1/tracers/" + id + "/events?limit=10").json().size() >= 3);
            String sharePath = client.post("/v1/tracers/" + id + "/share", new byte[0]).json().path("path").asText();
            DaemonFixture.Response signedIn = client.send("POST", "/v1/console/login",
                    ("{\"token\":\"" + client.token + "\"}").getBytes(StandardCharsets.UTF_8), null,
                    Map.of("Content-Type", "application/json", "Origin", origin(served)));
            assertEquals(200, signedIn.status(), signedIn.toString());
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
            Thread.sleep(3_000); // longer than --renew-after: a deployed tracer holds the renewal off
            assertFalse(served.output().contains("renewing in place"), served.output());
            assertEquals(200, client.send("DELETE", "/v1/tracers/" + id, null).status());

            Await.until("the renewal", Duration.ofSeconds(60),
                    () -> served.output().contains("renewed in place (renewal 1)"));
            assertTrue(served.isAlive(), "the same process: " + served.output());
            Matcher before = RENEWING.matcher(served.output());
            assertTrue(before.find(), served.output());
            long residentBeforeMb = Long.parseLong(before.group(1));
            long residentNowMb = residentKb(served.pid()) / 1024;
            assertTrue(residentNowMb < residentBeforeMb, "resident " + residentNowMb + " MB after, "
                    + residentBeforeMb + " MB before the renewal");
            Await.until("the renewed daemon's exit recorder, the old one's gone", Duration.ofSeconds(30),
                    () -> ServedDaemon.exitRecorders() == 1);
            Map<String, Long> fdsRenewed = openFds(served.pid());
            // A file (a jar) the new JVM opened and the first had not yet is no leak; a second
            // descriptor for one, or more sockets or pipes than at the start, would be. (BPF
            // objects and epoll instances come and go with the exit recorder's set-up, which runs
            // beside the start; a BPF object kept from the JVM before shows in bpftool above.)
            assertTrue(fdsRenewed.entrySet().stream().allMatch(e -> e.getValue()
                            <= Math.max(fdsAtStart.getOrDefault(e.getKey(), 0L), e.getKey().startsWith("/") ? 1 : 0)),
                    "no descriptor left over from the JVM before: " + fdsRenewed + " after the renewal, " + fdsAtStart
                            + " at the start");

            assertEquals(200, client.get("/v1/tracers").status(), "the same address and token");
            assertEquals(200, client.send("GET", "/v1/console/session", null, null, Map.of("Cookie", cookie)).status(),
                    "the console session goes on");
            assertEquals(201, client.post("/v1/tracers", TestTracers.request(TestTracers.seqWithHandler())).status());
            assertEquals(200, client.send("GET", sharePath, null, null).status(), "the share link still works");
            String inspected = throughLocalSocket(dir, socket, packageFile);
            assertTrue(inspected.startsWith("seq "), inspected);
            assertEquals(0, served.terminate(), served.output());
            assertFalse(Files.exists(socket), "the socket file goes with the daemon");
        }
        assertEquals(0, ServedDaemon.exitRecorders(), "detached with the daemon");
    }

    /** {@code inspect FILE} through the C client (src/main/c/local-client.c) and the local socket. */
    private static String throughLocalSocket(Path dir, Path socket, Path packageFile)
            throws IOException, InterruptedException {
        Path client = dir.resolve("local-client");
        Process cc = new ProcessBuilder("clang", "-O2", "-o", client.toString(), "src/main/c/local-client.c")
                .redirectErrorStream(true).start();
        String ccOutput = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, cc.waitFor(), ccOutput);
        // Stands in for ./polytrace, which the client runs when nothing answers on the socket.
        Path launcher = dir.resolve("launcher");
        Files.writeString(launcher, "#!/bin/sh\necho \"standalone $*\"\n");
        launcher.toFile().setExecutable(true);
        Process run = new ProcessBuilder(client.toString(), socket.toString(), launcher.toString(), "inspect",
                packageFile.toString()).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, run.waitFor(), out);
        return out;
    }

    private static String origin(ServedDaemon served) {
        return "http://" + served.url().getHost() + ":" + served.url().getPort();
    }

    /** The process's descriptors to files, sockets and pipes, by what they refer to (a file's path, "socket", "pipe"). */
    private static Map<String, Long> openFds(long pid) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return fds.map(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().replaceAll(":\\[\\d+]$", "");
                } catch (IOException gone) {
                    return "(closed)";
                }
            }).filter(target -> target.startsWith("/") || target.equals("socket") || target.equals("pipe"))
                    .collect(java.util.stream.Collectors.groupingBy(t -> t, java.util.TreeMap::new,
                            java.util.stream.Collectors.counting()));
        }
    }

    private static long residentKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.substring(6).trim().split("\\s+")[0]);
            }
        }
        throw new AssertionError("no VmRSS for " + pid);
    }
}
