package dev.polytrace.host.pkg;

import static dev.polytrace.host.pkg.TestPackages.ORIGIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A package's own name, and an eunomia package's obj_name, are checked like a deploy request's name. */
class PackageNamesTest {
    private static final List<String> BAD = List.of("\u001b[2Jcleared", "two\nlines", "forged\r2025 INFO deployed",
            "x".repeat(1 << 20), "a b", "", "tab\there", "bidi\u202eevil");

    @Test
    void aPolytraceDocumentsNameIsChecked() {
        ObjectNode doc = TestPackages.document(TestPackages.execsnoop());
        for (String bad : BAD) {
            doc.put("name", bad);
            PackageFormatException e = assertThrows(PackageFormatException.class,
                    () -> PackageReader.read(TestPackages.bytes(doc), ORIGIN), printable(bad));
            assertEquals("$.name", e.path());
            assertNoControlCharacters(e.getMessage());
            assertTrue(e.getMessage().length() < 200, "the message does not repeat a huge name");
        }
        doc.put("name", "exec-snoop_2.0");
        assertEquals("exec-snoop_2.0", PackageReader.read(TestPackages.bytes(doc), ORIGIN).name());
    }

    @Test
    void anEunomiaObjNameIsChecked() {
        for (String bad : BAD) {
            ObjectNode json = EunomiaFixtures.generate(TestBpfObjects.EXEC_EVENTS, "event");
            EunomiaFixtures.skel(json).put("obj_name", bad);
            PackageFormatException e = assertThrows(PackageFormatException.class,
                    () -> PackageReader.read(TestPackages.bytes(json), "package.json"), printable(bad));
            assertEquals("$.meta.bpf_skel.obj_name", e.path());
            assertNoControlCharacters(e.getMessage());
        }
    }

    @Test
    void theRule() {
        assertTrue(PackageNames.isValid("x".repeat(PackageNames.MAX_LENGTH)));
        assertFalse(PackageNames.isValid("x".repeat(PackageNames.MAX_LENGTH + 1)));
        assertFalse(PackageNames.isValid(null));
        assertFalse(PackageNames.isValid("caf\u00e9"));
    }

    private static void assertNoControlCharacters(String text) {
        assertTrue(text.chars().noneMatch(c -> c < 0x20 || c == 0x7f || c == 0x202e), printable(text));
    }

    private static String printable(String s) {
        return s.length() > 40 ? s.length() + " characters" : s.replaceAll("\\p{Cntrl}", "?");
    }
}
