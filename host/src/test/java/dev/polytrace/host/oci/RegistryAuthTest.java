package dev.polytrace.host.oci;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestPackages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Logins: htpasswd (basic) and a token service (bearer), against the real registry on loopback. */
class RegistryAuthTest {
    @TempDir
    Path dir;

    @Test
    void basicAuthWithUserAndWithoutIt() throws Exception {
        try (LocalRegistry registry = LocalRegistry.withLogin("ci", "s3cret")) {
            Path pkg = Files.write(dir.resolve("p.json"), PackageWriter.write(TestPackages.execsnoop()));
            String ref = registry.ref("private/execsnoop:1");

            CliRun anonymous = CliRun.run("push", pkg.toString(), ref, "--plain-http");
            assertEquals(1, anonymous.exitCode());
            assertEquals("polytrace: " + ref + ": the registry needs a login: --user USER, or docker login\n",
                    anonymous.err());

            CliRun wrong = CliRun.run("push", pkg.toString(), ref, "--plain-http", "--user", "ci:nope");
            assertEquals("polytrace: " + ref + ": authentication failed (the registry refused the login of ci)\n",
                    wrong.err());

            CliRun push = CliRun.run("push", pkg.toString(), ref, "--plain-http", "--user", "ci:s3cret");
            assertEquals(0, push.exitCode(), push.err());
            Path out = dir.resolve("out.json");
            CliRun pull = CliRun.run("pull", ref, "-o", out.toString(), "--plain-http", "--user", "ci:s3cret");
            assertEquals(0, pull.exitCode(), pull.err());
            assertArrayEquals(Files.readAllBytes(pkg), Files.readAllBytes(out));
        }
    }

    @Test
    void bearerTokensFromTheChallengesTokenService() throws Exception {
        try (TestTokenServer tokens = TestTokenServer.start("ci", "s3cret");
             LocalRegistry registry = LocalRegistry.withTokens(tokens)) {
            Path pkg = Files.write(dir.resolve("p.json"), PackageWriter.write(TestPackages.execsnoop()));
            String ref = registry.ref("team/execsnoop:1");

            CliRun anonymous = CliRun.run("push", pkg.toString(), ref, "--plain-http");
            assertEquals(1, anonymous.exitCode());
            assertEquals("polytrace: " + ref + ": token service " + tokens.realm() + " refused: HTTP 401 "
                    + "(it needs a login: --user USER, or docker login)\n", anonymous.err());

            CliRun push = CliRun.run("push", pkg.toString(), ref, "--plain-http", "--user", "ci:s3cret");
            assertEquals(0, push.exitCode(), push.err());
            // the registry names the actions in either order
            assertTrue(tokens.grantedScopes.stream().anyMatch(scope -> scope.startsWith("repository:team/execsnoop:")
                    && java.util.Set.of(scope.substring(scope.lastIndexOf(':') + 1).split(",")).equals(
                    java.util.Set.of("pull", "push"))), tokens.grantedScopes.toString());

            Path out = dir.resolve("out.json");
            CliRun pull = CliRun.run("pull", ref, "-o", out.toString(), "--plain-http", "--user", "ci:s3cret");
            assertEquals(0, pull.exitCode(), pull.err());
            assertArrayEquals(Files.readAllBytes(pkg), Files.readAllBytes(out));
            assertTrue(tokens.grantedScopes.contains("repository:team/execsnoop:pull"), tokens.grantedScopes.toString());

            CliRun search = CliRun.run("search", "--registry", registry.host(), "--plain-http", "--user", "ci:s3cret");
            assertEquals(0, search.exitCode(), search.err());
            assertTrue(search.out().contains("team/execsnoop"), search.out());
            assertTrue(tokens.grantedScopes.contains("registry:catalog:*"), tokens.grantedScopes.toString());
        }
    }

    @Test
    void dockerConfigLoginsAreFoundByHost() throws Exception {
        String auth = Base64.getEncoder().encodeToString("ci:s3cret".getBytes(StandardCharsets.UTF_8));
        Path config = Files.writeString(dir.resolve("config.json"), """
                {"auths": {"https://registry.example:5000/v1/": {"auth": "%s"},
                           "other.example": {"username": "u", "password": "p"}},
                 "credsStore": "desktop"}
                """.formatted(auth));
        DockerConfig docker = DockerConfig.read(config);
        assertEquals(Optional.of(new Credentials("ci", "s3cret")), docker.credentialsFor("registry.example:5000"));
        assertEquals(Optional.of(new Credentials("u", "p")), docker.credentialsFor("other.example"));
        assertEquals(Optional.empty(), docker.credentialsFor("registry.example"));
        assertEquals(Optional.empty(), DockerConfig.read(dir.resolve("missing.json")).credentialsFor("x"));
    }

    @Test
    void challengesAreParsedWithQuotedCommas() {
        AuthChallenge c = AuthChallenge.parse("Bearer realm=\"https://auth.example/token\",service=\"registry.example\","
                + "scope=\"repository:a/b:pull,push\"").orElseThrow();
        assertEquals("bearer", c.scheme());
        assertEquals(List.of("https://auth.example/token", "registry.example", "repository:a/b:pull,push"),
                List.of(c.param("realm").orElseThrow(), c.param("service").orElseThrow(), c.param("scope").orElseThrow()));
        assertEquals("basic", AuthChallenge.parse("Basic realm=\"x\"").orElseThrow().scheme());
    }
}
