package dev.polytrace.host.oci;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's {@code docker-registry} (the CNCF distribution registry) on a loopback port the kernel
 * chooses, storing into a temporary directory: anonymous, with htpasswd logins, or trusting a
 * token service. It runs under {@code timeout}, so it ends by itself even if the JVM dies first.
 */
public final class LocalRegistry implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+)");
    private static final Path BINARY = Path.of("/usr/bin/docker-registry");

    final Path dir;
    final int port;
    private final Process process;
    private final List<String> log = new ArrayList<>();

    private LocalRegistry(Path dir, String authSection) throws IOException {
        this.dir = dir;
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: info
                storage:
                  filesystem:
                    rootdirectory: %s
                http:
                  addr: 127.0.0.1:0
                %s""".formatted(dir.resolve("data"), authSection));
        process = new ProcessBuilder("timeout", "600", BINARY.toString(), "serve", config.toString())
                .redirectErrorStream(true).start();
        this.port = awaitPort();
    }

    static void assumeInstalled() {
        assumeTrue(Files.isExecutable(BINARY), "docker-registry is not installed (./polytrace test installs it)");
    }

    public static LocalRegistry anonymous() throws IOException {
        assumeInstalled();
        return new LocalRegistry(Files.createTempDirectory("polytrace-registry-"), "");
    }

    /** Logins from an htpasswd file (bcrypt, made with apache2-utils' htpasswd). */
    static LocalRegistry withLogin(String user, String password) throws IOException, InterruptedException {
        assumeInstalled();
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/htpasswd")), "htpasswd (apache2-utils) is not installed");
        Path dir = Files.createTempDirectory("polytrace-registry-");
        Process htpasswd = new ProcessBuilder("htpasswd", "-Bbn", user, password).start();
        String line = new String(htpasswd.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (htpasswd.waitFor() != 0 || !line.startsWith(user + ":")) {
            throw new IllegalStateException("htpasswd failed: " + line);
        }
        Files.writeString(dir.resolve("htpasswd"), line + "\n");
        return new LocalRegistry(dir, """
                auth:
                  htpasswd:
                    realm: polytrace-test
                    path: %s
                """.formatted(dir.resolve("htpasswd")));
    }

    /** Trusting tokens that {@code tokens} signs, and sending clients to it. */
    static LocalRegistry withTokens(TestTokenServer tokens) throws IOException, java.security.GeneralSecurityException {
        assumeInstalled();
        Path dir = Files.createTempDirectory("polytrace-registry-");
        Path bundle = dir.resolve("token-ca.pem");
        Files.writeString(bundle, tokens.certificatePem());
        return new LocalRegistry(dir, """
                auth:
                  token:
                    realm: %s
                    service: %s
                    issuer: %s
                    rootcertbundle: %s
                """.formatted(tokens.realm(), TestTokenServer.SERVICE, TestTokenServer.ISSUER, bundle));
    }

    public String host() {
        return "127.0.0.1:" + port;
    }

    public String ref(String repositoryAndVersion) {
        return "oci://" + host() + "/" + repositoryAndVersion;
    }

    /** Where the registry keeps the blob {@code digest} (sha256:HEX): the file a tamper test rewrites. */
    Path blobFile(String digest) {
        String hex = digest.substring("sha256:".length());
        return dir.resolve("data/docker/registry/v2/blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex)
                .resolve("data");
    }

    /**
     * The registry says which port it got; its log is read until then (or until it exits), and
     * afterwards on, so that it never blocks on a full pipe.
     */
    private int awaitPort() {
        BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> port = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (log) {
                        log.add(line);
                    }
                    Matcher m = LISTENING.matcher(line);
                    if (m.find()) {
                        port.complete(Integer.parseInt(m.group(1)));
                    }
                }
            } catch (IOException ignored) {
                // the registry stopped
            }
            port.completeExceptionally(new IllegalStateException("docker-registry exited before listening"));
        });
        try {
            return port.get(60, TimeUnit.SECONDS);
        } catch (InterruptedException | ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            synchronized (log) {
                throw new IllegalStateException("docker-registry did not start: " + log, e);
            }
        }
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // best effort
        }
    }
}
