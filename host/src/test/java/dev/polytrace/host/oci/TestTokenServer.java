package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A token service of the distribution spec's kind, for tests: on loopback, it checks a basic
 * login and answers {@code {"token": JWT}} granting the scopes asked for, signed (RS256) by a key
 * whose self-signed certificate (made with the JDK's keytool) the registry trusts. It records
 * the scopes asked for, so a test can tell the bearer flow really ran.
 */
final class TestTokenServer implements AutoCloseable {
    static final String SERVICE = "polytrace-test-registry";
    static final String ISSUER = "polytrace-test-issuer";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final HttpServer server;
    private final String user;
    private final String password;
    private final PrivateKey key;
    private final X509Certificate certificate;
    final List<String> grantedScopes = new CopyOnWriteArrayList<>();
    final List<String> refusals = new CopyOnWriteArrayList<>();

    private TestTokenServer(String user, String password, PrivateKey key, X509Certificate certificate)
            throws IOException {
        this.user = user;
        this.password = password;
        this.key = key;
        this.certificate = certificate;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/token", this::token);
        server.start();
    }

    static TestTokenServer start(String user, String password) throws IOException, GeneralSecurityException,
            InterruptedException {
        Path dir = Files.createTempDirectory("polytrace-token-");
        try {
            Path store = dir.resolve("keys.p12");
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "token", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=polytrace-test-token", "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", "password", "-keypass", "password").redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                keys.load(in, "password".toCharArray());
            }
            return new TestTokenServer(user, password, (PrivateKey) keys.getKey("token", "password".toCharArray()),
                    (X509Certificate) keys.getCertificate("token"));
        } finally {
            Files.deleteIfExists(dir.resolve("keys.p12"));
            Files.deleteIfExists(dir);
        }
    }

    String realm() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    String certificatePem() throws GeneralSecurityException {
        return "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded())
                + "\n-----END CERTIFICATE-----\n";
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                refusals.add(String.valueOf(exchange.getRequestURI().getRawQuery()));
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            List<String> scopes = new ArrayList<>();
            String query = exchange.getRequestURI().getRawQuery();
            for (String pair : query == null ? new String[0] : query.split("&")) {
                if (pair.startsWith("scope=")) {
                    scopes.add(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
                }
            }
            grantedScopes.addAll(scopes);
            byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("token", jwt(scopes)));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    private String jwt(List<String> scopes) throws GeneralSecurityException, IOException {
        ObjectNode header = JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT");
        header.putArray("x5c").add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        long now = System.currentTimeMillis() / 1000;
        ObjectNode claims = JSON.createObjectNode().put("iss", ISSUER).put("sub", user).put("aud", SERVICE)
                .put("exp", now + 600).put("nbf", now - 60).put("iat", now).put("jti", Long.toHexString(System.nanoTime()));
        ArrayNode access = claims.putArray("access");
        for (String scope : scopes) {
            String[] parts = scope.split(":");
            ArrayNode actions = access.addObject().put("type", parts[0]).put("name", parts[1]).putArray("actions");
            for (String action : parts[2].split(",")) {
                actions.add(action);
            }
        }
        String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                + URL.encodeToString(JSON.writeValueAsBytes(claims));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        return signingInput + "." + URL.encodeToString(rsa.sign());
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
