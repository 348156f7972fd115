package dev.polytrace.host.oci;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reference grammar, open references, NAME@HOST and which tag "latest" means. */
class OciReferenceTest {
    private static final String DIGEST = "sha256:" + "ab".repeat(32);

    @Test
    void tagsDigestsPortsAndNestedRepositories() {
        assertEquals(new OciReference("localhost:5000", "tools/execsnoop", Optional.of("1.0"), Optional.empty()),
                OciReference.parse("oci://localhost:5000/tools/execsnoop:1.0"));
        assertEquals(new OciReference("registry.example", "execsnoop", Optional.empty(), Optional.of(DIGEST)),
                OciReference.parse("oci://registry.example/execsnoop@" + DIGEST));
        OciReference open = OciReference.parse("oci://registry.example/execsnoop");
        assertEquals(Optional.empty(), open.version());
        assertEquals("oci://registry.example/execsnoop:2", open.withTag("2").toString());
        assertEquals("oci://[::1]:5000/x@" + DIGEST, OciReference.parse("oci://[::1]:5000/x@" + DIGEST).toString());
    }

    @Test
    void malformedReferencesNameWhatIsWrong() {
        assertMessage("oci://host: expected oci://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST]", "oci://host");
        assertMessage("oci://h/x:bad/tag: 'x:bad/tag' is not a repository name (lower-case letters, digits and . _ - "
                + "between them, / between path components)", "oci://h/x:bad/tag");
        assertMessage("oci://h/x@sha256:12: 'sha256:12' is not a digest (expected sha256: and 64 lower-case hex digits)",
                "oci://h/x@sha256:12");
        assertMessage("oci://h/x:" + "t".repeat(129) + ": '" + "t".repeat(129) + "' is not a tag (letters, digits, "
                + ". _ -, at most 128)", "oci://h/x:" + "t".repeat(129));
    }

    @Test
    void nameAtHostNeedsAHostThatLooksLikeOne() {
        assertTrue(OciReference.isNameAtHost("execsnoop@registry.example"));
        assertTrue(OciReference.isNameAtHost("tools/execsnoop@localhost:5000"));
        assertTrue(OciReference.isNameAtHost("execsnoop@localhost"));
        assertFalse(OciReference.isNameAtHost("execsnoop@home"), "a bare word is not taken for a host");
        assertFalse(OciReference.isNameAtHost("exec.tracer.json"));
        assertEquals(new OciReference("127.0.0.1:5000", "execsnoop", Optional.empty(), Optional.empty()),
                OciReference.parse("execsnoop@127.0.0.1:5000"));
    }

    @Test
    void latestIsTheLatestTagElseTheHighestVersion() {
        assertEquals(Optional.of("latest"), LatestTag.choose(List.of("9.9", "latest", "dev")));
        assertEquals(Optional.of("1.10.0"), LatestTag.choose(List.of("1.2.0", "1.10.0", "1.10.0-rc1", "1.9", "dev")));
        assertEquals(Optional.of("v2"), LatestTag.choose(List.of("v1.9.9", "v2", "main")));
        assertEquals(Optional.of("1.0.0-rc2"), LatestTag.choose(List.of("1.0.0-rc1", "1.0.0-rc2")));
        assertEquals(Optional.empty(), LatestTag.choose(List.of("dev", "main")));
    }

    private static void assertMessage(String expected, String spec) {
        assertEquals(expected, assertThrows(RegistryException.class, () -> OciReference.parse(spec)).getMessage());
    }
}
