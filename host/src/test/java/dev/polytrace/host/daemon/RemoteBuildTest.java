package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.daemon.DaemonFixture.Response;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Builds done by the daemon ({@code POST /v1/build}, {@code polytrace build --remote}): a good
 * source, clang's errors as JSON, includes outside the request refused, a compile that never ends
 * killed, one build too many refused. No kernel is needed, only clang.
 */
class RemoteBuildTest {
    // long enough for a small compile on a loaded machine, short enough to wait for twice
    private static final Duration TIME_LIMIT = Duration.ofSeconds(6);
    private static final String EVENT_H = "struct event { __u32 pid; __u32 value; };\n";
    private static final String SOURCE = """
            /* remote: getppid() callers, built by a daemon */
            #include <linux/bpf.h>
            #include <bpf/bpf_helpers.h>
            #include "include/event.h"

            struct {
            	__uint(type, BPF_MAP_TYPE_RINGBUF);
            	__uint(max_entries, 4096);
            } events SEC(".maps");

            SEC("tracepoint/syscalls/sys_enter_getppid")
            int on_getppid(void *ctx)
            {
            	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

            	if (!e)
            		return 0;
            	e->pid = bpf_get_current_pid_tgid() >> 32;
            	e->value = VALUE;
            	bpf_ringbuf_submit(e, 0);
            	return 0;
            }

            char LICENSE[] SEC("license") = "GPL";
            """;
    /** 18^5 * 2^10 expansions of an empty #if operand: clang works at it for minutes, in little memory per second. */
    private static final String NEVER_ENDS = """
            #define A0 +1
            #define A1 A0 A0
            #define A2 A1 A1
            #define A3 A2 A2
            #define A4 A3 A3
            #define A5 A4 A4
            #define A6 A5 A5
            #define A7 A6 A6
            #define A8 A7 A7
            #define A9 A8 A8
            #define B0 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9 A9
            #define B1 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0 B0
            #define B2 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1 B1
            #define B3 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2 B2
            #define B4 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3 B3
            #if 0 B4
            #endif
            int x;
            """;

    private static DaemonFixture daemon;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        BuildFixtures.assumeToolchain();
        daemon = DaemonFixture.startBuilding(new BuildService(new BuildLimits(64 * 1024, TIME_LIMIT, 1),
                BuildFixtures.toolchain()));
    }

    @AfterAll
    static void stop() {
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void buildRemoteWritesThePackageAsALocalBuildWould() throws IOException {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("remote.bpf.c"), SOURCE);
        Files.createDirectories(src.resolve("include"));
        Files.writeString(src.resolve("include/event.h"), EVENT_H);
        Path handler = Files.writeString(dir.resolve("remote.js"), "export function onEvent(e, ctx) { ctx.emit(e); }\n");
        Path tokenFile = daemon.daemon.token().file();
        Path out = dir.resolve("remote.tracer.json");

        CliRun build = CliRun.run("build", src.resolve("remote.bpf.c").toString(), "-D", "VALUE=7",
                "--handler", handler.toString(), "-o", out.toString(), "--remote", daemon.base.toString(),
                "--token-file", tokenFile.toString());
        assertEquals(0, build.exitCode(), build.err());
        assertTrue(build.out().startsWith("wrote " + out + " ("), build.out());
        TracerPackage pkg = PackageReader.read(Files.readAllBytes(out), out.toString());
        assertEquals("remote", pkg.name());
        assertEquals("remote: getppid() callers, built by a daemon", pkg.description());
        assertEquals("js", pkg.handler().orElseThrow().language());
        assertEquals("struct event", pkg.outputs().events().get(0).type(), "the header's type was found");
        assertEquals(List.of("on_getppid"), pkg.programs().stream().map(p -> p.name()).toList());
    }

    @Test
    void compileErrorsComeBackAsJsonWithFileLineAndColumn() throws IOException {
        Response r = daemon.post("/v1/build", order("broken.bpf.c", SOURCE.replace("return 0;\n}", "return 0\n}"),
                Map.of("include/event.h", EVENT_H), List.of("VALUE=1")));
        assertEquals(422, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals("compile_failed", body.path("error").asText());
        JsonNode first = body.path("diagnostics").path(0);
        assertEquals("broken.bpf.c", first.path("file").asText(), body.toPrettyString());
        assertEquals(21, first.path("line").asInt(), body.toPrettyString());
        assertEquals("error", first.path("severity").asText());
        assertTrue(first.path("message").asText().contains("expected ';'"), first.toString());
        assertFalse(r.body().contains("polytrace-remote-build-"), "the daemon's paths stay private: " + r.body());

        Path src = Files.writeString(dir.resolve("broken.bpf.c"), SOURCE.replace("e->value = VALUE;", "e->value = nope;")
                .replace("#include \"include/event.h\"\n", "struct event { __u32 pid; __u32 value; };\n"));
        CliRun cli = CliRun.run("build", src.toString(), "--remote", daemon.base.toString(), "--token-file",
                daemon.daemon.token().file().toString());
        assertEquals(1, cli.exitCode());
        assertTrue(cli.err().startsWith("broken.bpf.c:19:13: error: use of undeclared identifier 'nope'"), cli.err());
        assertTrue(cli.err().endsWith("polytrace: build on " + daemon.base + " failed: HTTP 422 compile_failed: "
                + "clang exited with code 1\n"), cli.err());
    }

    @Test
    void includesOutsideTheRequestAreRefused() {
        for (String escape : List.of("#include \"/etc/shadow\"", "#include </etc/shadow>",
                "#include \"../../../../etc/shadow\"", "#include <linux/../../../etc/shadow>",
                "#define F \"/etc/shadow\"\n#include F", "%:include \"/etc/shadow\"", "#  /* c */ include \\\n \"/etc/shadow\"",
                "#if __has_include(\"/etc/shadow\")\n#endif", "#include_next \"/etc/shadow\"",
                "#pragma GCC dependency \"/etc/shadow\"", "#include </*/../etc/shadow>")) {
            Response r = daemon.post("/v1/build", order("evil.bpf.c", escape + "\nint x;\n", Map.of(), List.of()));
            assertEquals(403, r.status(), escape + " -> " + r);
            assertEquals("include_refused", r.json().path("error").asText(), escape);
            assertTrue(r.json().path("detail").asText().startsWith("evil.bpf.c:"), r.body());
        }
        Response header = daemon.post("/v1/build", order("ok.bpf.c", "#include \"x.h\"\n", Map.of("x.h",
                "#include \"/etc/shadow\"\n"), List.of()));
        assertEquals(403, header.status(), header.body());
        assertEquals("x.h:1: #include \"/etc/shadow\" is refused: only relative paths without '..' are allowed: the "
                + "request's own files, system headers and vmlinux.h", header.json().path("detail").asText());

        Response outside = daemon.post("/v1/build", order("ok.bpf.c", "int x;\n", Map.of("../x.h", "int y;\n"), List.of()));
        assertEquals(422, outside.status(), outside.body());
        assertTrue(outside.json().path("detail").asText().startsWith("header name '../x.h': expected a relative path"),
                outside.body());

        Response smuggled = daemon.post("/v1/build", order("ok.bpf.c", "int x;\n", Map.of(),
                List.of("X=1\n#include \"/etc/shadow\"")));
        assertEquals(400, smuggled.status(), smuggled.body());
        assertTrue(smuggled.json().path("detail").asText().contains("control character"), smuggled.body());
    }

    @Test
    void aCompileThatNeverEndsIsKilled() {
        long start = System.nanoTime();
        Response r = daemon.post("/v1/build", order("slow.bpf.c", NEVER_ENDS, Map.of(), List.of()));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(422, r.status(), r.body());
        assertEquals("build_timeout", r.json().path("error").asText());
        assertEquals("clang ran longer than 6 s and was stopped", r.json().path("detail").asText());
        assertTrue(took.compareTo(TIME_LIMIT.plusSeconds(20)) < 0, "answered after " + took);
        assertEquals(List.of(), clangChildren(), "no clang is left running");
    }

    @Test
    void aBuildBeyondTheLimitIsRefusedAsBusy() {
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> daemon.post("/v1/build",
                order("slow.bpf.c", NEVER_ENDS, Map.of(), List.of())));
        Await.until("the first build's clang to run", Duration.ofSeconds(30), () -> !clangChildren().isEmpty());
        Response busy = daemon.post("/v1/build", order("ok.bpf.c", "int x;\n", Map.of(), List.of()));
        assertEquals(503, busy.status(), busy.body());
        assertEquals("busy", busy.json().path("error").asText());
        assertEquals(422, slow.join().status());
    }

    @Test
    void sizesOverTheLimitAreRefused() {
        Response r = daemon.post("/v1/build", order("big.bpf.c", "int x;\n" + "//".repeat(40 * 1024), Map.of(),
                List.of()));
        assertEquals(413, r.status(), r.body());
        assertTrue(r.json().path("detail").asText().contains("more than this daemon builds (65536)"), r.body());
    }

    @Test
    void aMultipartFormBuildsToo() throws Exception {
        String boundary = "polytrace-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        part(body, boundary, "source", "remote.bpf.c", SOURCE);
        part(body, boundary, "header", "include/event.h", EVENT_H);
        part(body, boundary, "define", null, "VALUE=3");
        body.write(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(daemon.base + "/v1/build"))
                .header("Authorization", "Bearer " + daemon.token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
        HttpResponse<byte[]> r = daemon.http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        assertEquals("remote", PackageReader.read(r.body(), "response").name());
    }

    @Test
    void buildingNeedsTheToken() {
        Response r = daemon.send("POST", "/v1/build", order("ok.bpf.c", "int x;\n", Map.of(), List.of()), null);
        assertEquals(401, r.status());
    }

    private static byte[] order(String fileName, String source, Map<String, String> headers, List<String> defines) {
        ObjectNode order = DaemonFixture.JSON.createObjectNode().put("fileName", fileName).put("source", source);
        ObjectNode h = order.putObject("headers");
        headers.forEach(h::put);
        defines.forEach(order.putArray("defines")::add);
        return order.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void part(ByteArrayOutputStream body, String boundary, String name, String fileName, String content)
            throws IOException {
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\""
                + (fileName == null ? "" : "; filename=\"" + fileName + "\"") + "\r\n"
                + (fileName == null ? "" : "Content-Type: text/plain\r\n") + "\r\n" + content + "\r\n")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** clang processes this JVM (where the daemon runs) started and that still run. */
    private static List<ProcessHandle> clangChildren() {
        return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.contains("clang")).orElse(false)).toList();
    }
}
