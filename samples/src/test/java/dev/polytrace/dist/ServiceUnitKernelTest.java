package dev.polytrace.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.dist.Release.Result;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed unit: systemd-analyze accepts it, its ExecStart under exactly its capability set
 * deploys a tracer, and each capability it lists is needed (dropping one makes a load fail).
 */
class ServiceUnitKernelTest {
    /** A bundled tracer whose load needs the capability; a listed capability missing here fails the test. */
    private static final Map<String, String> PROBE = Map.of("CAP_BPF", "execsnoop", "CAP_PERFMON", "execsnoop",
            "CAP_NET_ADMIN", "pktcount");

    @TempDir
    static Path dir;
    static Path root;
    static Path unit;
    static Map<String, String> bare;

    @BeforeAll
    static void install() throws Exception {
        Path tree = Release.unpack(Files.createDirectories(dir.resolve("unpacked")));
        root = Files.createDirectories(dir.resolve("root"));
        Result r = Release.run(dir, Map.of("DESTDIR", root.toString()), tree.resolve("bin/polytrace").toString(),
                "install", "--prefix", root.resolve("opt/polytrace").toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("systemctl daemon-reload && systemctl enable --now polytrace"), r.err());
        unit = root.resolve("etc/systemd/system/polytrace.service");
        bare = Release.bareEnvironment(Release.pathWithoutToolchain(dir));
    }

    @Test
    void systemdAcceptsTheUnit() throws Exception {
        // --man=no: the man page it names is installed under DESTDIR here, not where man looks
        Result verify = Release.run(dir, Map.of(), "systemd-analyze", "verify", "--man=no", unit.toString());
        assertEquals(0, verify.exit(), verify.out() + verify.err());
        assertEquals("", verify.err().strip());
        for (String hardening : List.of("NoNewPrivileges=yes", "ProtectSystem=strict", "ProtectHome=yes", "PrivateTmp=yes",
                "StateDirectory=polytrace", "RuntimeDirectory=polytrace", "ReadWritePaths=/var/lib/polytrace",
                "LimitMEMLOCK=infinity", "Restart=on-failure")) {
            assertTrue(Files.readAllLines(unit).contains(hardening), hardening);
        }
        assertEquals(List.of(root.resolve("opt/polytrace/bin/polytrace").toString(), "serve", "--state-dir", "/var/lib/polytrace"),
                execStart());
        assertEquals(capabilities(), Arrays.asList(setting("AmbientCapabilities").split(" ")));
    }

    @Test
    void execStartUnderTheUnitsCapabilitiesDeploysATracer() throws Exception {
        Path state = dir.resolve("state");
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(withCapabilities(capabilities()));
        List<String> execStart = execStart();
        command.addAll(execStart.subList(0, execStart.size() - 1)); // its own state dir, not the system's
        command.addAll(List.of(state.toString(), "--listen", "127.0.0.1:" + port, "--socket", state.resolve("local.sock").toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("serve.log").toFile());
        pb.environment().clear();
        pb.environment().putAll(bare);
        Process serve = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI base = URI.create("http://127.0.0.1:" + port);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!healthy(http, base)) {
                assertTrue(serve.isAlive(), "serve exited: " + Files.readString(dir.resolve("serve.log")));
                assertTrue(System.nanoTime() < deadline, "serve did not answer within 3 minutes");
                serve.waitFor(200, TimeUnit.MILLISECONDS);
            }
            String token = Files.readString(state.resolve("token")).strip();
            HttpResponse<String> deploy = http.send(HttpRequest.newBuilder(base.resolve("/v1/tracers"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"bundled\":\"execsnoop\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, deploy.statusCode(), deploy.body() + "\n" + Files.readString(dir.resolve("serve.log")));
        } finally {
            serve.destroy(); // SIGTERM: detaches every tracer
            assertTrue(serve.waitFor(1, TimeUnit.MINUTES), "serve did not stop on SIGTERM");
        }
    }

    @Test
    void eachListedCapabilityIsNeeded() throws Exception {
        List<String> all = capabilities();
        assertFalse(all.contains("CAP_SYS_ADMIN"), "the unit grants CAP_SYS_ADMIN");
        for (String probe : List.of("execsnoop", "pktcount")) {
            Result ok = runUnder(all, probe);
            assertEquals(0, ok.exit(), probe + " under the unit's capabilities: " + ok.err());
        }
        for (String cap : all) {
            String probe = PROBE.get(cap);
            assertTrue(probe != null, "no probe shows that " + cap + " is needed: drop it from the unit or add one");
            List<String> fewer = new ArrayList<>(all);
            fewer.remove(cap);
            Result without = runUnder(fewer, probe);
            assertEquals(1, without.exit(), probe + " ran without " + cap);
            assertTrue(without.err().contains("Operation not permitted"), cap + ": " + without.err());
        }
    }

    private static Result runUnder(List<String> caps, String tracer) throws Exception {
        List<String> command = new ArrayList<>(withCapabilities(caps));
        command.addAll(List.of(execStart().get(0), "run", "--standalone", tracer, "--duration", "1s"));
        return Release.run(dir, bare, command.toArray(String[]::new));
    }

    /** setpriv as systemd starts the service: root's uid, only these capabilities, no new privileges. */
    private static List<String> withCapabilities(List<String> caps) {
        String set = String.join(",", caps.stream().map(c -> "+" + c.substring(4).toLowerCase()).toList());
        return List.of("setpriv", "--no-new-privs", "--inh-caps=-all", "--bounding-set=-all" + (set.isEmpty() ? "" : "," + set));
    }

    private static boolean healthy(HttpClient http, URI base) {
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/v1/health")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    private static List<String> capabilities() throws Exception {
        return Arrays.asList(setting("CapabilityBoundingSet").split(" "));
    }

    private static List<String> execStart() throws Exception {
        return Arrays.asList(setting("ExecStart").split(" "));
    }

    private static String setting(String key) throws Exception {
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith(key + "=")).findFirst()
                .map(l -> l.substring(key.length() + 1)).orElseThrow(() -> new AssertionError(key + " missing from the unit"));
    }
}
