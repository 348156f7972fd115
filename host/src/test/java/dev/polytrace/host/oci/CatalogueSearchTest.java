package dev.polytrace.host.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.pkg.TestPackages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polytrace search against a registry holding two tracers and something else. */
class CatalogueSearchTest {
    @TempDir
    Path dir;

    @Test
    void listsTracersWithTagsAndDescriptionsAndFilters() throws Exception {
        try (LocalRegistry registry = LocalRegistry.anonymous()) {
            push(registry, "net/tcplife:1.0", "tcplife", "TCP session lifetimes");
            push(registry, "net/tcplife:1.1", "tcplife", "TCP session lifetimes");
            push(registry, "execsnoop:latest", "execsnoop", "Trace process exec and exit");
            pushForeignArtifact(registry, "not-a-tracer");

            CliRun all = CliRun.run("search", "--registry", registry.host(), "--plain-http");
            assertEquals(0, all.exitCode(), all.err());
            assertEquals("""
                    REPOSITORY   LATEST  TAGS     HANDLER  DESCRIPTION
                    execsnoop    latest  latest   js       Trace process exec and exit
                    net/tcplife  1.1     1.0,1.1  js       TCP session lifetimes
                    """, all.out());

            CliRun word = CliRun.run("search", "TCP", "--registry", registry.host(), "--plain-http");
            assertEquals(0, word.exitCode(), word.err());
            assertTrue(word.out().contains("net/tcplife") && !word.out().contains("execsnoop"), word.out());

            CliRun none = CliRun.run("search", "nothing-like-it", "--registry", registry.host(), "--plain-http");
            assertEquals("no tracers matching 'nothing-like-it' in " + registry.host() + "\n", none.out());
        }
    }

    @Test
    void anUnreachableRegistryIsOneLine() {
        CliRun down = CliRun.run("search", "--registry", "127.0.0.1:1", "--plain-http");
        assertEquals(1, down.exitCode());
        assertEquals("polytrace: 127.0.0.1:1: cannot connect to 127.0.0.1:1 (connection refused)\n", down.err());
    }

    private void push(LocalRegistry registry, String ref, String name, String description) throws Exception {
        byte[] document = TestPackages.bytes(TestPackages.document(TestPackages.execsnoop()).put("name", name)
                .put("description", description));
        Path file = Files.write(dir.resolve(name + ".json"), document);
        CliRun push = CliRun.run("push", file.toString(), registry.ref(ref), "--plain-http");
        assertEquals(0, push.exitCode(), push.err());
    }

    /** An image-like manifest of another artifact type, pushed over plain HTTP. */
    private static void pushForeignArtifact(LocalRegistry registry, String repository) throws Exception {
        RegistryClient client = RegistryClient.connect(registry.host(), RegistryOptions.DEFAULTS.withPlainHttp());
        OciReference ref = OciReference.parse(registry.ref(repository + ":1"));
        client.pushBlob(ref, TracerArtifact.EMPTY_CONFIG);
        String manifest = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.other",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},"layers":[]}
                """.formatted(Digests.sha256(TracerArtifact.EMPTY_CONFIG));
        client.pushManifest(ref, manifest.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> check = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://" + registry.host() + "/v2/" + repository + "/tags/list")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, check.statusCode(), check.body());
    }
}
