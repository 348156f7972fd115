package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.daemon.signing.Ed25519Keys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A daemon running as root refuses to start on a state directory, token file or keys directory
 * that another user made or could change, with one line naming the path, its owner and mode and
 * the fix. The other user is real ({@link OtherUser}), and where it can, the test shows that user
 * doing what the check is there to stop.
 */
class PathTrustTest {
    private static OtherUser other;
    private final List<Path> made = new ArrayList<>();

    @BeforeAll
    static void user() throws Exception {
        other = OtherUser.ensure();
    }

    @AfterAll
    static void removeUser() throws Exception {
        if (other != null) {
            other.close();
        }
    }

    @AfterEach
    void clean() throws IOException {
        for (Path p : made) {
            if (Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> all = Files.walk(p)) {
                    for (Path q : all.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(q);
                    }
                }
            }
        }
    }

    @Test
    void aStateDirAnotherUserMadeIsRefused() throws Exception {
        Path state = inTmp("state");
        other.run("mkdir", "-m", "755", state.toString());
        String m = refused(c -> c.withStateDir(state));
        assertTrue(m.startsWith("--state-dir " + state + " is owned by " + OtherUser.NAME + " (uid "), m);
        assertTrue(m.contains("mode 0755") && m.contains("chown root " + state), m);
        assertFalse(Files.exists(state.resolve("tracers")), "nothing was created in it");
    }

    @Test
    void aTokenFileAnotherUserWroteFirstIsRefused() throws Exception {
        Path token = inTmp("token");
        other.sh("umask 077; echo " + "k".repeat(43) + " > " + token); // a token that user knows
        String m = refused(c -> withToken(c, token));
        assertTrue(m.startsWith("--token-file " + token + " is owned by " + OtherUser.NAME), m);
        assertTrue(m.contains("mode 0600"), m);
    }

    @Test
    void aTokenFileThatIsALinkAnotherUserPlantedIsRefused() throws Exception {
        Path target = inTmp("real-token");
        Files.writeString(target, "r".repeat(43) + "\n");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));
        Path link = inTmp("token-link");
        other.run("ln", "-s", target.toString(), link.toString()); // it can point it elsewhere at any time
        String m = refused(c -> withToken(c, link));
        assertTrue(m.startsWith("--token-file " + link + " is a symbolic link (owner " + OtherUser.NAME), m);
    }

    @Test
    void aDirectoryAboveThatOthersCanWriteIsRefused() throws Exception {
        Path base = inTmp("open");
        Files.createDirectory(base);
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxrwxrwx")); // no sticky bit
        Path state = base.resolve("state");
        Files.createDirectory(state, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        other.run("mv", state.toString(), base.resolve("moved").toString()); // root's own 0700 directory, moved away
        other.run("mkdir", state.toString()); // and another in its place
        String m = refused(c -> c.withStateDir(state));
        assertTrue(m.startsWith("--state-dir " + state + ": the directory " + base + " above it is writable by "
                + "group or others without the sticky bit (owner root (uid 0), mode 0777)"), m);
        assertTrue(m.contains("chmod go-w " + base), m);
    }

    @Test
    void groupOrWorldWritableOnesAreRefused() throws Exception {
        Path state = inTmp("state");
        Files.createDirectory(state);
        Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rwxrwx---")); // past the umask
        String m = refused(c -> c.withStateDir(state));
        assertEquals("--state-dir " + state + " is writable by group or others (owner root (uid 0), mode 0770): "
                + "chmod go-w " + state, m);
        Path token = inTmp("token");
        Files.writeString(token, "w".repeat(43));
        Files.setPosixFilePermissions(token, PosixFilePermissions.fromString("rw-rw-rw-"));
        assertTrue(refused(c -> withToken(c, token)).contains("mode 0666"));
    }

    @Test
    void keysAnotherUserControlsAreRefused() throws Exception {
        Path keys = inTmp("keys");
        other.run("mkdir", keys.toString());
        assertTrue(refused(c -> c.withTrustedKeys(keys)).startsWith("--require-signature " + keys + " is owned by "
                + OtherUser.NAME));
        Path own = inTmp("own-keys");
        Ed25519Keys.write(Ed25519Keys.generate(), own, "release");
        Files.setPosixFilePermissions(own, PosixFilePermissions.fromString("rwx------"));
        Files.setOwner(own.resolve("release.pub"), own.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(OtherUser.NAME));
        assertTrue(refused(c -> c.withTrustedKeys(own)).startsWith("--require-signature " + own.resolve("release.pub")
                + " is owned by " + OtherUser.NAME));
    }

    @Test
    void privateDirectoriesInStickyTmpAreTakenAndWhatIsMadeThereIsPrivate() throws Exception {
        Path base = inTmp("ok");
        Files.createDirectory(base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path state = base.resolve("state");
        try (Daemon daemon = Daemon.start(DaemonConfig.of(new ListenAddress("127.0.0.1", 0), state.resolve("token"))
                .withStateDir(state))) {
            assertEquals("rwx------", mode(state));
            assertEquals("rwx------", mode(state.resolve("tracers")));
            assertEquals("rw-------", mode(daemon.token().file()));
        }
    }

    private Path inTmp(String what) {
        Path p = Path.of("/tmp", "polytrace-trust-" + what + "-" + UUID.randomUUID());
        made.add(p);
        return p;
    }

    /** Starting with {@code tweak} fails; its message, which must be one line. */
    private String refused(UnaryOperator<DaemonConfig> tweak) throws IOException {
        Path home = inTmp("home");
        Files.createDirectory(home, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        DaemonConfig config = tweak.apply(DaemonConfig.of(new ListenAddress("127.0.0.1", 0), home.resolve("token")));
        IOException e = assertThrows(IOException.class, () -> Daemon.start(config).close());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static DaemonConfig withToken(DaemonConfig c, Path token) {
        return new DaemonConfig(c.listen(), token, c.maxTracers(), c.stateDir(), c.trustedKeys(), c.maxBodyBytes(),
                c.maxHeaderBytes(), c.eventBuffer(), c.maxStreams(), c.sseHeartbeat(), c.headerTimeout(),
                c.connectionsPerIp(), c.urlFetch(), c.alertWebhooks());
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
