package dev.polytrace.host.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.pkg.ObjectEncoding;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** push, pull, inspect and pins against a real registry on loopback, anonymous access. */
class RegistryPushPullTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGEST = Pattern.compile("digest (sha256:[0-9a-f]{64})");
    private static LocalRegistry registry;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws IOException {
        registry = LocalRegistry.anonymous();
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void pushThenPullByTagAndByDigestGiveTheSameBytes() throws Exception {
        Path pkg = write("execsnoop.tracer.json", PackageWriter.write(TestPackages.execsnoop()));
        CliRun push = CliRun.run("push", pkg.toString(), registry.ref("tools/execsnoop:1.0"), "--plain-http");
        assertEquals(0, push.exitCode(), push.err());
        assertTrue(push.out().startsWith("pushed execsnoop to " + registry.ref("tools/execsnoop:1.0") + " (digest sha256:"),
                push.out());
        String digest = digestIn(push.out());

        Path byTag = dir.resolve("by-tag.json");
        CliRun pull = CliRun.run("pull", registry.ref("tools/execsnoop:1.0"), "-o", byTag.toString(), "--plain-http");
        assertEquals(0, pull.exitCode(), pull.err());
        assertEquals("pulled " + registry.ref("tools/execsnoop:1.0") + " (digest " + digest + ") to " + byTag + "\n",
                pull.out());
        assertArrayEquals(Files.readAllBytes(pkg), Files.readAllBytes(byTag), "the document travels unchanged");

        Path byDigest = dir.resolve("by-digest.json");
        CliRun pinned = CliRun.run("pull", registry.ref("tools/execsnoop@" + digest), "-o", byDigest.toString(),
                "--plain-http");
        assertEquals(0, pinned.exitCode(), pinned.err());
        assertArrayEquals(Files.readAllBytes(pkg), Files.readAllBytes(byDigest));
    }

    @Test
    void theManifestIsAnArtifactWithAnnotations() throws Exception {
        TracerPackage execsnoop = TestPackages.execsnoop();
        byte[] document = PackageWriter.write(execsnoop);
        TracerRepository.Pushed pushed = new TracerRepository(RegistryOptions.DEFAULTS.withPlainHttp())
                .push(document, OciReference.parse(registry.ref("annotated")));
        assertEquals("1.0.0", pushed.reference().tag().orElseThrow(), "without a tag, the package's version is the tag");

        JsonNode manifest = JSON.readTree(get("/v2/annotated/manifests/1.0.0"));
        assertEquals("application/vnd.oci.image.manifest.v1+json", manifest.path("mediaType").asText());
        assertEquals(TracerArtifact.ARTIFACT_TYPE, manifest.path("artifactType").asText());
        assertEquals("application/vnd.oci.empty.v1+json", manifest.path("config").path("mediaType").asText());
        assertEquals(1, manifest.path("layers").size());
        JsonNode layer = manifest.path("layers").path(0);
        assertEquals(TracerArtifact.LAYER_TYPE, layer.path("mediaType").asText());
        assertEquals("sha256:" + ObjectEncoding.sha256(document), layer.path("digest").asText());
        assertEquals(document.length, layer.path("size").asLong());
        JsonNode annotations = manifest.path("annotations");
        assertEquals("execsnoop", annotations.path(TracerArtifact.NAME).asText());
        assertEquals("js", annotations.path(TracerArtifact.LANGUAGE).asText());
        assertEquals("Trace process exec and exit", annotations.path(TracerArtifact.DESCRIPTION).asText());
        assertEquals("1.0.0", annotations.path(TracerArtifact.VERSION).asText());
        assertEquals(pushed.digest(), "sha256:" + ObjectEncoding.sha256(get("/v2/annotated/manifests/1.0.0")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void inspectReadsFromTheRegistry() throws Exception {
        Path pkg = write("execsnoop.tracer.json", PackageWriter.write(TestPackages.execsnoop()));
        assertEquals(0, CliRun.run("push", pkg.toString(), registry.ref("inspected:2"), "--plain-http").exitCode());
        CliRun inspect = CliRun.run("inspect", registry.ref("inspected:2"), "--plain-http");
        assertEquals(0, inspect.exitCode(), inspect.err());
        assertTrue(inspect.out().startsWith("execsnoop 1.0.0\n  Trace process exec and exit\n"), inspect.out());
        assertTrue(inspect.out().contains(registry.ref("inspected:2")), "the origin is the reference: " + inspect.out());
    }

    @Test
    void aTamperedBlobIsRefused() throws Exception {
        // a document of its own: blobs are shared by content across repositories
        byte[] document = TestPackages.bytes(TestPackages.document(TestPackages.execsnoop())
                .put("description", "Trace process exec and exit, to be tampered with"));
        assertEquals(0, CliRun.run("push", write("p.json", document).toString(), registry.ref("tampered:1"),
                "--plain-http").exitCode());
        Path blob = registry.blobFile("sha256:" + ObjectEncoding.sha256(document));
        String text = Files.readString(blob);
        Files.writeString(blob, text.replace("Trace process exec and exit", "Trace process exec and exiT"));

        CliRun pull = CliRun.run("pull", registry.ref("tampered:1"), "-o", dir.resolve("x.json").toString(),
                "--plain-http");
        assertEquals(1, pull.exitCode());
        assertEquals("polytrace: " + registry.ref("tampered:1") + ": blob digest mismatch: expected sha256:"
                + ObjectEncoding.sha256(document) + ", got sha256:" + ObjectEncoding.sha256(Files.readAllBytes(blob))
                + " (the registry's copy is corrupt or was tampered with)\n", pull.err());
        assertTrue(Files.notExists(dir.resolve("x.json")), "nothing is written");
    }

    @Test
    void aDigestThatDoesNotNameTheManifestIsRefused() throws Exception {
        byte[] document = PackageWriter.write(TestPackages.execsnoop());
        CliRun push = CliRun.run("push", write("p.json", document).toString(), registry.ref("bydigest:1"),
                "--plain-http");
        String other = "sha256:" + "0".repeat(64);
        CliRun pull = CliRun.run("pull", registry.ref("bydigest@" + other), "--plain-http", "-o",
                dir.resolve("x.json").toString());
        assertEquals(1, pull.exitCode());
        assertEquals("polytrace: " + registry.ref("bydigest@" + other) + ": HTTP 404 MANIFEST_UNKNOWN: manifest unknown\n",
                pull.err());
        assertTrue(digestIn(push.out()).startsWith("sha256:"));
    }

    @Test
    void aPinnedHashRefusesAnyOtherPackage() throws Exception {
        TracerPackage pkg = TestPackages.execsnoop();
        assertEquals(0, CliRun.run("push", write("p.json", PackageWriter.write(pkg)).toString(),
                registry.ref("pinned:1"), "--plain-http").exitCode());
        String sha = ObjectEncoding.sha256(PackageWriter.canonical(pkg));
        assertEquals(0, CliRun.run("inspect", registry.ref("pinned:1") + "#sha256=" + sha, "--plain-http").exitCode());
        String wrong = "f".repeat(64);
        CliRun refused = CliRun.run("inspect", registry.ref("pinned:1") + "#sha256=" + wrong, "--plain-http");
        assertEquals(1, refused.exitCode());
        assertEquals("polytrace: " + registry.ref("pinned:1") + ": sha256 is " + sha + ", not the pinned " + wrong
                + "; refusing a package that is not the one the link names\n", refused.err());
    }

    @Test
    void pullRequiresASignatureWhenAsked(@TempDir Path keys) throws Exception {
        assertEquals(0, CliRun.run("keygen", "--out", keys.toString(), "--name", "release").exitCode());
        Path trusted = Files.createDirectories(keys.resolve("trusted"));
        Files.copy(keys.resolve("release.pub"), trusted.resolve("release.pub"));
        TracerPackage unsigned = TestPackages.minimal(dev.polytrace.host.pkg.TestBpfObjects.EXEC_EVENTS);
        Path file = write("exec.tracer.json", PackageWriter.write(unsigned));
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("signed:unsigned"), "--plain-http").exitCode());
        CliRun refused = CliRun.run("pull", registry.ref("signed:unsigned"), "--plain-http", "-o",
                dir.resolve("u.json").toString(), "--require-signature", trusted.toString());
        assertEquals(1, refused.exitCode());
        assertTrue(refused.err().startsWith("polytrace: " + registry.ref("signed:unsigned") + ": the package is not signed"),
                refused.err());

        assertEquals(0, CliRun.run("sign", file.toString(), "--key", keys.resolve("release.key").toString()).exitCode());
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("signed:1"), "--plain-http").exitCode());
        CliRun accepted = CliRun.run("pull", registry.ref("signed:1"), "--plain-http", "-o",
                dir.resolve("s.json").toString(), "--require-signature", trusted.toString());
        assertEquals(0, accepted.exitCode(), accepted.err());
        assertArrayEquals(Files.readAllBytes(file), Files.readAllBytes(dir.resolve("s.json")),
                "the signature travels inside the package");
    }

    @Test
    void failuresAreOneLineNamingTheReference() {
        CliRun missing = CliRun.run("pull", registry.ref("nothing:1"), "--plain-http");
        assertEquals("polytrace: " + registry.ref("nothing:1") + ": HTTP 404 MANIFEST_UNKNOWN: manifest unknown\n", missing.err());

        CliRun tls = CliRun.run("pull", registry.ref("nothing:1"));
        assertEquals(1, tls.exitCode());
        assertTrue(tls.err().startsWith("polytrace: " + registry.ref("nothing:1") + ": "), tls.err());
        assertTrue(tls.err().endsWith("; for a plain-HTTP registry use --plain-http\n"), tls.err());
        assertEquals(1, tls.err().lines().count(), tls.err());

        CliRun refused = CliRun.run("pull", "oci://127.0.0.1:1/x:1", "--plain-http");
        assertEquals("polytrace: oci://127.0.0.1:1/x:1: cannot connect to 127.0.0.1:1 (connection refused)\n",
                refused.err());

        CliRun malformed = CliRun.run("pull", "oci://127.0.0.1:1/Upper:1", "--plain-http");
        assertTrue(malformed.err().startsWith("polytrace: oci://127.0.0.1:1/Upper:1: 'Upper' is not a repository name"),
                malformed.err());
    }

    @Test
    void anOpenReferenceTakesTheLatestTag() throws Exception {
        TracerPackage pkg = TestPackages.execsnoop();
        Path file = write("p.json", PackageWriter.write(pkg));
        for (String tag : new String[] {"1.2.0", "1.10.0", "1.10.0-rc1", "dev"}) {
            assertEquals(0, CliRun.run("push", file.toString(), registry.ref("versions:" + tag), "--plain-http")
                    .exitCode());
        }
        TracerRepository repository = new TracerRepository(RegistryOptions.DEFAULTS.withPlainHttp());
        assertEquals("1.10.0", repository.pull(OciReference.parse("versions@" + registry.host())).reference().tag()
                .orElseThrow());
        assertEquals(0, CliRun.run("push", file.toString(), registry.ref("versions:latest"), "--plain-http").exitCode());
        assertEquals("latest", repository.pull(OciReference.parse(registry.ref("versions"))).reference().tag()
                .orElseThrow());
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static String digestIn(String text) {
        Matcher m = DIGEST.matcher(text);
        assertTrue(m.find(), text);
        return m.group(1);
    }

    private static String get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + registry.host() + path))
                .header("Accept", "application/vnd.oci.image.manifest.v1+json").build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
    }
}
