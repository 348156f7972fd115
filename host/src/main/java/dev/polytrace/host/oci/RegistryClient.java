package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polytrace.host.input.LimitedRead;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/**
 * The distribution spec's HTTP API for one registry, over java.net.http: manifests and blobs in
 * and out, tag and repository lists. Authentication follows the registry's 401 challenges: basic
 * (credentials given, or from the Docker config), or bearer tokens from the token service the
 * challenge names, asked for the challenge's scope and cached per scope. Everything fetched is
 * size-capped, and everything fetched by digest is checked against it.
 */
public final class RegistryClient {
    static final String MANIFEST_TYPE = "application/vnd.oci.image.manifest.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MANIFEST_BYTES = 4 << 20;
    private static final int MAX_LIST_BYTES = 8 << 20;
    private static final Pattern NEXT_LINK = Pattern.compile("<([^>]+)>\\s*;\\s*rel=\"?next\"?");
    // polytrace.registryTimeoutMs exists for tests of the timeout path; users get 30 s.
    private static final Duration TIMEOUT = Duration.ofMillis(Long.getLong("polytrace.registryTimeoutMs", 30_000));

    private final String registry;
    private final URI base;
    private final Optional<Credentials> credentials;
    private final HttpClient http;
    /** Authorization header values by scope; "" holds a basic login, good for every scope. */
    private final Map<String, String> authorizations = new ConcurrentHashMap<>();

    private RegistryClient(String registry, RegistryOptions options) {
        this.registry = registry;
        this.base = URI.create((options.plainHttp() ? "http://" : "https://") + registry);
        this.credentials = options.credentialsFor(registry);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public static RegistryClient connect(String registry, RegistryOptions options) {
        return new RegistryClient(registry, options);
    }

    /** A manifest's bytes as stored, and their digest. */
    record Manifest(byte[] bytes, String digest) {
    }

    /** The manifest {@code ref} names by tag or digest, checked against the digest it was asked by or announced with. */
    Manifest manifest(OciReference ref) {
        String version = ref.version().orElseThrow(() -> new IllegalArgumentException("no tag or digest: " + ref));
        HttpRequest.Builder request = request("/v2/" + ref.repository() + "/manifests/" + version)
                .header("Accept", MANIFEST_TYPE).GET();
        Reply reply = send(request, pull(ref), ref.toString(), MAX_MANIFEST_BYTES, "the manifest");
        expect(reply, 200, ref.toString());
        String digest = Digests.sha256(reply.body);
        ref.digest().ifPresent(expected -> Digests.verify(ref.toString(), "manifest", reply.body, expected));
        Optional<String> announced = reply.header("Docker-Content-Digest");
        if (ref.digest().isEmpty() && announced.isPresent() && announced.get().startsWith("sha256:")) {
            Digests.verify(ref.toString(), "manifest", reply.body, announced.get());
        }
        return new Manifest(reply.body, digest);
    }

    /** A blob of {@code ref}'s repository, checked against the descriptor's size and digest. */
    byte[] blob(OciReference ref, Descriptor blob, int maxBytes) {
        if (blob.size() > maxBytes) {
            throw new RegistryException(ref.toString(), "the package layer is " + blob.size()
                    + " bytes, more than the " + maxBytes + " a package may have");
        }
        HttpRequest.Builder request = request("/v2/" + ref.repository() + "/blobs/" + blob.digest()).GET();
        Reply reply = send(request, pull(ref), ref.toString(), maxBytes, "the blob " + blob.digest());
        expect(reply, 200, ref.toString());
        if (reply.body.length != blob.size()) {
            throw new RegistryException(ref.toString(), "blob " + blob.digest() + " has " + reply.body.length
                    + " bytes, the manifest says " + blob.size() + " (the registry's copy is corrupt or was tampered with)");
        }
        Digests.verify(ref.toString(), "blob", reply.body, blob.digest());
        return reply.body;
    }

    /** Uploads {@code content} unless the repository has it already (one monolithic PUT, as the spec allows). */
    void pushBlob(OciReference ref, byte[] content) {
        String digest = Digests.sha256(content);
        String path = "/v2/" + ref.repository() + "/blobs/";
        Reply head = send(request(path + digest).method("HEAD", HttpRequest.BodyPublishers.noBody()), push(ref),
                ref.toString(), 0, "a blob");
        if (head.status == 200) {
            return;
        }
        Reply started = send(request(path + "uploads/").POST(HttpRequest.BodyPublishers.noBody()), push(ref),
                ref.toString(), MAX_MANIFEST_BYTES, "an upload");
        expect(started, 202, ref.toString());
        String location = started.header("Location").orElseThrow(() -> new RegistryException(ref.toString(),
                "the registry started an upload but sent no Location"));
        URI upload = base.resolve(location);
        String query = upload.getRawQuery();
        URI target = URI.create(upload.toString() + (query == null ? "?" : "&") + "digest=" + digest);
        Reply put = send(HttpRequest.newBuilder(target).timeout(TIMEOUT)
                        .header("Content-Type", "application/octet-stream")
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(content)), push(ref), ref.toString(),
                MAX_MANIFEST_BYTES, "an upload");
        expect(put, 201, ref.toString());
    }

    /** Stores a manifest under {@code ref}'s tag; returns its digest. */
    String pushManifest(OciReference ref, byte[] manifest) {
        String tag = ref.tag().orElseThrow(() -> new IllegalArgumentException("no tag: " + ref));
        Reply reply = send(request("/v2/" + ref.repository() + "/manifests/" + tag)
                        .header("Content-Type", MANIFEST_TYPE).PUT(HttpRequest.BodyPublishers.ofByteArray(manifest)),
                push(ref), ref.toString(), MAX_MANIFEST_BYTES, "the manifest");
        expect(reply, 201, ref.toString());
        return Digests.sha256(manifest);
    }

    /** Every tag of {@code ref}'s repository, following the registry's pages. */
    public List<String> tags(OciReference ref) {
        return list("/v2/" + ref.repository() + "/tags/list?n=1000", "tags", pull(ref), ref.toString());
    }

    /** Every repository of the registry (the catalog API, which some registries do not offer). */
    public List<String> repositories() {
        return list("/v2/_catalog?n=1000", "repositories", "registry:catalog:*", registry);
    }

    private List<String> list(String firstPath, String field, String scope, String reference) {
        List<String> all = new ArrayList<>();
        String path = firstPath;
        for (int page = 0; path != null && page < 100; page++) {
            Reply reply = send(request(path).GET(), scope, reference, MAX_LIST_BYTES, "the " + field + " list");
            expect(reply, 200, reference);
            JsonNode items = json(reply.body, reference).path(field);
            items.forEach(n -> all.add(n.asText()));
            path = reply.header("Link").map(NEXT_LINK::matcher).filter(Matcher::find).map(m -> m.group(1)).orElse(null);
        }
        return all;
    }

    private static String pull(OciReference ref) {
        return "repository:" + ref.repository() + ":pull";
    }

    private static String push(OciReference ref) {
        return "repository:" + ref.repository() + ":pull,push";
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT);
    }

    /** An answer: status, headers and the (capped) body. */
    private record Reply(int status, HttpResponse<?> response, byte[] body) {
        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }
    }

    /** Sends, answering one authentication challenge if the registry makes one. */
    private Reply send(HttpRequest.Builder request, String scope, String reference, int maxBytes, String what) {
        String auth = authorizations.getOrDefault(scope, authorizations.get(""));
        Reply reply = exchange(withAuth(request.copy(), auth), reference, maxBytes, what);
        if (reply.status != 401) {
            return reply;
        }
        AuthChallenge challenge = AuthChallenge.parse(reply.header("WWW-Authenticate").orElse(null))
                .orElseThrow(() -> new RegistryException(reference, "HTTP 401 without a WWW-Authenticate challenge"));
        String answer = answer(challenge, scope, reference);
        reply = exchange(withAuth(request.copy(), answer), reference, maxBytes, what);
        if (reply.status == 401) {
            throw new RegistryException(reference, "authentication failed ("
                    + (credentials.isPresent() ? "the registry refused the login of " + credentials.get().user()
                    : "the registry needs a login: --user USER, or docker login") + ")");
        }
        return reply;
    }

    private static HttpRequest.Builder withAuth(HttpRequest.Builder request, String authorization) {
        return authorization == null ? request : request.header("Authorization", authorization);
    }

    private String answer(AuthChallenge challenge, String scope, String reference) {
        switch (challenge.scheme()) {
            case "basic" -> {
                Credentials c = credentials.orElseThrow(() -> new RegistryException(reference,
                        "the registry needs a login: --user USER, or docker login"));
                authorizations.put("", c.basicHeader());
                return c.basicHeader();
            }
            case "bearer" -> {
                String header = "Bearer " + new TokenService(http, credentials, TIMEOUT).token(challenge,
                        challenge.param("scope").orElse(scope), reference);
                authorizations.put(scope, header);
                return header;
            }
            default -> throw new RegistryException(reference, "the registry asks for " + challenge.scheme()
                    + " authentication, which polytrace does not speak (basic and bearer only)");
        }
    }

    private Reply exchange(HttpRequest.Builder request, String reference, int maxBytes, String what) {
        try {
            HttpResponse<InputStream> response = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                return new Reply(response.statusCode(), response, readCapped(body, maxBytes, reference, what));
            }
        } catch (HttpConnectTimeoutException e) {
            throw new RegistryException(reference, "cannot connect to " + registry + " (timed out after "
                    + TIMEOUT.toSeconds() + " s)", e);
        } catch (HttpTimeoutException e) {
            throw new RegistryException(reference, registry + " did not answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (ConnectException e) {
            throw new RegistryException(reference, "cannot connect to " + registry + " (connection refused)", e);
        } catch (SSLException e) {
            throw new RegistryException(reference, "TLS with " + registry + " failed (" + e.getMessage()
                    + "); for a plain-HTTP registry use --plain-http", e);
        } catch (IOException e) {
            throw new RegistryException(reference, "talking to " + registry + " failed (" + describe(e) + ")"
                    + (base.getScheme().equals("https") ? "; for a plain-HTTP registry use --plain-http" : ""), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(reference, "interrupted", e);
        }
    }

    private static byte[] readCapped(InputStream in, int maxBytes, String reference, String what) throws IOException {
        return LimitedRead.readAll(in, Math.max(maxBytes, 64 * 1024), 0,
                () -> new RegistryException(reference, what + " is larger than " + maxBytes + " bytes; refused"));
    }

    /** A non-{@code expected} status as one line, with the registry's own error code and message when it sent them. */
    private static void expect(Reply reply, int expected, String reference) {
        if (reply.status == expected) {
            return;
        }
        StringBuilder cause = new StringBuilder("HTTP " + reply.status);
        try {
            JsonNode first = JSON.readTree(reply.body).path("errors").path(0);
            if (first.has("code")) {
                cause.append(' ').append(first.path("code").asText());
                if (!first.path("message").asText().isEmpty()) {
                    cause.append(": ").append(first.path("message").asText());
                }
            }
        } catch (IOException ignored) {
            // not the spec's error body: the status is all there is
        }
        throw new RegistryException(reference, cause.toString());
    }

    static JsonNode json(byte[] body, String reference) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryException(reference, "the registry answered with something other than a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryException(reference, "the registry answered with malformed JSON", e);
        }
    }

    static String describe(IOException e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
