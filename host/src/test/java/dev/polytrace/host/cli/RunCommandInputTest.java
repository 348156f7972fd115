package dev.polytrace.host.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.polytrace.host.build.BuildFixtures;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input to run is one clear line with a non-zero exit; nothing reaches the kernel. */
class RunCommandInputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    private static void assertOneLineError(CliRun result, String... fragments) {
        assertEquals(1, result.exitCode(), result.out() + result.err());
        String err = result.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' missing from: " + err);
        }
    }

    private Path mutated(java.util.function.Consumer<ObjectNode> change) throws IOException {
        ObjectNode doc = (ObjectNode) JSON.readTree(RunFixtures.packageFile("execs").toFile());
        change.accept(doc);
        Path file = dir.resolve("bad.tracer.json");
        JSON.writeValue(file.toFile(), doc);
        return file;
    }

    @Test
    void mapPrintingOptionsAreCheckedBeforeLoading() throws IOException {
        String pkg = RunFixtures.packageFile("execs").toString();
        assertOneLineError(CliRun.run("run", pkg, "--no-maps", "--top", "3"), "--no-maps", "--top");
        assertOneLineError(CliRun.run("run", pkg, "--top", "-1"), "--top -1", "0 (every row) or more");
        assertOneLineError(CliRun.run("run", pkg, "--interval", "0s"), "--interval must be positive");
        assertOneLineError(mutatedRun(doc -> ((ObjectNode) doc.path("outputs")).putArray("hidden").add("nosuch")),
                "$.outputs.hidden[0]", "no map or .bss/.data global \"nosuch\"");
    }

    private CliRun mutatedRun(java.util.function.Consumer<ObjectNode> change) throws IOException {
        return CliRun.run("run", mutated(change).toString());
    }

    @Test
    void truncatedAndNonJsonFiles() throws IOException {
        byte[] good = Files.readAllBytes(RunFixtures.packageFile("execs"));
        Path truncated = dir.resolve("cut.tracer.json");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        assertOneLineError(CliRun.run("run", truncated.toString()), "cut.tracer.json");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertOneLineError(CliRun.run("run", text.toString()), "notes.txt", "not JSON");
    }

    @Test
    void wrongVersionBadBase64SizeAndDigest() throws IOException {
        assertOneLineError(CliRun.run("run", mutated(d -> d.put("polytrace", 7)).toString()), "$.polytrace", "7");
        assertOneLineError(CliRun.run("run", mutated(d -> ((ObjectNode) d.get("object")).put("data", "!!!"))
                .toString()), "$.object.data");
        assertOneLineError(CliRun.run("run", mutated(d -> ((ObjectNode) d.get("object")).put("size", 12))
                .toString()), "$.object.size");
        assertOneLineError(CliRun.run("run", mutated(d -> ((ObjectNode) d.get("object"))
                .put("sha256", "0".repeat(64))).toString()), "$.object.sha256");
    }

    @Test
    void missingEventTypeIsNamed() throws IOException {
        Path bad = mutated(d -> ((ObjectNode) d.at("/outputs/events/0")).put("type", "struct nothing"));
        assertOneLineError(CliRun.run("run", bad.toString()), "$.outputs.events[0].type", "struct nothing");
    }

    @Test
    void paramsAreCheckedAgainstTheirCTypes() {
        String pkg = RunFixtures.packageFile("execs").toString();
        assertOneLineError(CliRun.run("run", pkg, "--param", "nope=1"), "unknown param 'nope'",
                "valid params: parent");
        assertOneLineError(CliRun.run("run", pkg, "--param", "parent=abc"), "parent", "not an integer");
        assertOneLineError(CliRun.run("run", pkg, "--param", "parent=-1"), "parent", "out of range");
        assertOneLineError(CliRun.run("run", pkg, "--param", "parent=4294967296"), "out of range");
        assertOneLineError(CliRun.run("run", pkg, "--param", "parent"), "expected NAME=VALUE");
    }

    @Test
    void helpWithAPackageListsItsParams() {
        CliRun result = CliRun.run("run", RunFixtures.packageFile("execs").toString(), "--help");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("parent (unsigned int)") || result.out().contains("parent (__u32)"),
                result.out());
        assertTrue(result.out().contains("only report children of this process"), result.out());
    }

    @Test
    void urlsThat404OrTimeOutAreOneLine() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/missing.tracer.json", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/missing.tracer.json";
            assertOneLineError(CliRun.run("run", url), url, "404");
        } finally {
            server.stop(0);
        }
        // A server that accepts and never answers: the forked CLI gives up after its (shortened) timeout.
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String url = "http://127.0.0.1:" + silent.getLocalPort() + "/slow.tracer.json";
            ForkedCli result = ForkedCli.run(java.util.List.of(), java.util.List.of("-Dpolytrace.httpTimeoutMs=1500"),
                    "run", url);
            assertEquals(1, result.exitCode(), result.output());
            assertTrue(result.output().contains(url) && result.output().toLowerCase().contains("timed out"),
                    result.output());
        }
    }

    @Test
    void mapSizesAndDisabledProgramsAreChecked() {
        String pkg = RunFixtures.packageFile("unsized").toString();
        assertOneLineError(CliRun.run("run", pkg, "--map-size", "counts=lots"), "--map-size counts=lots: N must be"
                + " a whole number from 1 to 2147483647");
        assertOneLineError(CliRun.run("run", pkg, "--map-size", "counts=0"), "--map-size counts=0: N must be");
        assertOneLineError(CliRun.run("run", pkg, "--map-size", "counts"), "--map-size counts: expected NAME=N");
        // checked against the opened object, before anything is loaded
        assertOneLineError(CliRun.run("run", pkg, "--map-size", "count=8"), "--map-size count: no map 'count' in"
                + " the object (maps: calls, counts, stacks)");
        assertOneLineError(CliRun.run("run", pkg, "--map-size", "unsized.rodata=8"), "--map-size unsized.rodata:"
                + " unsized.rodata is libbpf's map of a data section: its size is the section's");
        assertOneLineError(CliRun.run("run", pkg, "--disable-program", "count"), "--disable-program count: no"
                + " program 'count' in the object (programs: count_getppid)");
    }

    @Test
    void unknownBundledNameOrMissingFile() {
        assertOneLineError(CliRun.run("run", "no-such-tracer"), "no-such-tracer", "polytrace list");
        assertOneLineError(CliRun.run("run", dir.resolve("absent.tracer.json").toString()), "no such file");
    }
}
