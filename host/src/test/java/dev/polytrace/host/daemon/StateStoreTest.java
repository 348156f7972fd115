package dev.polytrace.host.daemon;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TestPackages;
import dev.polytrace.host.pkg.TracerPackage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state directory's files: private, replaced whole, and read back as written. */
class StateStoreTest {
    private static final TracerPackage PKG = TestPackages.execsnoop();
    private static final byte[] DOCUMENT = PackageWriter.write(PKG);

    @TempDir
    Path dir;

    @Test
    void filesArePrivateAndNoTemporaryFileIsLeft() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        Deployment d = deployment("t-one");
        store.save(d, true);
        store.save(d.withParams(Map.of("target_pid", "7")), false);
        Path tracer = dir.resolve("state/tracers/t-one");
        assertEquals("rwx------", mode(tracer));
        try (Stream<Path> files = Files.list(tracer)) {
            List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("deployment.json", "package.json"), names);
        }
        assertEquals("rw-------", mode(tracer.resolve("package.json")));
        assertEquals("rw-------", mode(tracer.resolve("deployment.json")));
        StateStore.Stored back = (StateStore.Stored) store.load().get(0);
        assertArrayEquals(DOCUMENT, back.document());
        assertEquals(Map.of("target_pid", "7"), back.settings().params());
        assertEquals(d.sha256().orElseThrow(), back.settings().sha256());
    }

    @Test
    void aTemporaryFileLeftByACrashIsReplacedNotFollowed() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        Path tracer = dir.resolve("state/tracers/t-two");
        Files.createDirectories(tracer);
        Path decoy = dir.resolve("decoy");
        Files.writeString(decoy, "untouched");
        Files.createSymbolicLink(tracer.resolve(".deployment.json.tmp"), decoy);
        Files.writeString(tracer.resolve(".package.json.tmp"), "half a pack");
        store.save(deployment("t-two"), true);
        assertEquals("untouched", Files.readString(decoy));
        assertFalse(Files.exists(tracer.resolve(".package.json.tmp")));
        assertTrue(store.load().get(0) instanceof StateStore.Stored);
    }

    @Test
    void theSignedPackageAHandlerCameInIsKeptUntilABareHandlerReplacesIt() throws Exception {
        StateStore store = StateStore.open(dir.resolve("state"));
        PackageHandler swapped = new PackageHandler("js", "v2.js", "export function onEvent(e, ctx) {}");
        byte[] carrier = PackageWriter.write(PKG.withHandler(swapped));
        Deployment d = deployment("t-three").withHandler(swapped, Optional.of(carrier));
        store.save(d, true);
        StateStore.Stored back = (StateStore.Stored) store.load().get(0);
        assertArrayEquals(carrier, back.handlerDocument().orElseThrow());
        assertEquals(Optional.of(swapped), back.settings().handler());
        store.save(d.withHandler(swapped, Optional.empty()), false);
        assertTrue(((StateStore.Stored) store.load().get(0)).handlerDocument().isEmpty());
        assertFalse(Files.exists(dir.resolve("state/tracers/t-three/handler.tracer.json")));
    }

    private static Deployment deployment(String id) {
        return Deployment.deployed(id, 1, "exec", DOCUMENT, PKG, DeployChecks.sha256(PKG), Map.of(), Optional.empty(),
                java.util.List.of());
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
