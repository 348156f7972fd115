package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.cli.CliRun;
import dev.polytrace.host.daemon.signing.Ed25519Keys;
import dev.polytrace.host.daemon.signing.PackageSigner;
import dev.polytrace.host.daemon.signing.SigningException;
import dev.polytrace.host.daemon.signing.TrustedKeys;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** polytrace keygen and sign, and what a daemon's TrustedKeys make of the result. */
class SigningTest {
    @Test
    void keygenSignAndVerify(@TempDir Path dir) throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, cli("keygen", "--out", keys.toString(), "--name", "ci"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("ci.key"))));
        assertTrue(Files.readString(keys.resolve("ci.pub")).startsWith("-----BEGIN PUBLIC KEY-----"));
        assertEquals(1, cli("keygen", "--out", keys.toString(), "--name", "ci"), "never overwrites a key");

        TracerPackage pkg = TestTracers.seqWithHandler();
        Path file = dir.resolve("seq.tracer.json");
        Files.write(file, PackageWriter.write(pkg));
        assertEquals(0, cli("sign", file.toString(), "--key", keys.resolve("ci.key").toString()));
        TracerPackage signed = PackageReader.read(Files.readAllBytes(file), file.toString());
        assertEquals("ed25519", signed.signature().orElseThrow().algorithm());
        assertEquals("ci", signed.signature().orElseThrow().keyId());

        Path trusted = dir.resolve("trusted");
        Files.createDirectories(trusted);
        Files.copy(keys.resolve("ci.pub"), trusted.resolve("ci.pub"));
        TrustedKeys.load(trusted).verify(signed);
        SigningException changed = assertThrows(SigningException.class,
                () -> TrustedKeys.load(trusted).verify(signed.withSignature(signed.signature().orElseThrow())
                        .withHandler(TestTracers.V2)));
        assertTrue(changed.getMessage().contains("not signed"), changed.getMessage());
        Files.delete(trusted.resolve("ci.pub"));
        assertThrows(SigningException.class, () -> TrustedKeys.load(trusted).verify(signed));
    }

    @Test
    void keysAreReadAtLoadAndReloadOnlyNeverPerCheck(@TempDir Path dir) throws Exception {
        KeyPair later = Ed25519Keys.generate();
        Ed25519Keys.write(later, dir.resolve("signing"), "later");
        TracerPackage signed = PackageSigner.sign(TestPackages.execsnoop(), later.getPrivate(), "later");
        Path trusted = dir.resolve("trusted");
        Files.createDirectories(trusted);
        TrustedKeys keys = TrustedKeys.load(trusted);
        Files.copy(dir.resolve("signing/later.pub"), trusted.resolve("later.pub"));
        assertThrows(SigningException.class, () -> keys.verify(signed), "a key added since is not trusted yet");
        assertEquals(1, keys.reload());
        keys.verify(signed);
        Files.writeString(trusted.resolve("broken.pub"), "not a key");
        IOException broken = assertThrows(IOException.class, keys::reload);
        assertTrue(broken.getMessage().contains("broken.pub"), broken.getMessage());
        keys.verify(signed); // what was read before stays in force
        Files.delete(trusted.resolve("broken.pub"));
        Files.delete(trusted.resolve("later.pub"));
        keys.verify(signed); // until the next reload
        assertEquals(0, keys.reload());
        assertThrows(SigningException.class, () -> keys.verify(signed));
    }

    @Test
    void keyIdsCannotLeaveTheKeysDirectory() {
        assertTrue(Ed25519Keys.isValidKeyId("release-2025.1"));
        for (String bad : new String[] {"../x", "a/b", "", ".hidden", "x".repeat(65), "a b"}) {
            assertTrue(!Ed25519Keys.isValidKeyId(bad), bad);
        }
    }

    private static int cli(String... args) {
        return CliRun.run(args).exitCode();
    }
}
