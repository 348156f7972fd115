package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.TestObjects;
import dev.polytrace.bpf.testing.Triggers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

@KernelTest
class ObjectLifecycleKernelTest {

    @Test
    void opensListsProgramsMapsAndVariablesBeforeLoad() {
        try (OpenBpfObject open = OpenBpfObject.open(TestObjects.bytes("kernel_basics"), "kbasics")) {
            assertEquals("kbasics", open.name());
            assertTrue(open.programs().stream().anyMatch(p -> p.name().equals("on_getppid")
                    && p.section().equals("tracepoint/syscalls/sys_enter_getppid")));
            assertEquals(MapType.RINGBUF, open.map("events").type());
            assertEquals(1, open.variables().get("multiplier").longValue());
            assertTrue(open.variables().get("emit_events").booleanValue());
            assertEquals(".rodata", open.variables().get("multiplier").section());
            assertEquals(".bss", open.variables().get("seq").section());
            assertFalse(open.variables().get("seq").isStatic(), "a global, as its BTF VAR says");
            assertEquals(".data", open.variables().get("value_base").section());
            assertEquals(7, open.variables().get("value_base").longValue());
        }
    }

    @Test
    void rodataParameterChangesWhatTheProgramDoes() throws IOException {
        try (BpfObject object = KernelFixture.load(o -> o.variables().get("multiplier").setLong(3), "on_getppid")) {
            object.program("on_getppid").attach();
            Triggers.getppid(5);
            assertEquals(5, KernelFixture.count(object, KernelFixture.C_TRACEPOINT));
            assertEquals(5, object.variables().get("seq").longValue());
            byte[] perPid = object.map("hash_map").lookup(Bytes.u32(Triggers.pid())).orElseThrow();
            assertEquals(5, Bytes.u64(perPid, 0));
        }
        long noProcess = Long.parseLong(Files.readString(Path.of("/proc/sys/kernel/pid_max")).strip()) + 1;
        try (BpfObject object = KernelFixture.load(o -> o.variables().get("target_tgid").setLong(noProcess),
                "on_getppid")) {
            object.program("on_getppid").attach();
            Triggers.getppid(5);
            assertEquals(0, KernelFixture.count(object, KernelFixture.C_TRACEPOINT),
                    "with target_tgid above pid_max our calls must be filtered out");
        }
    }

    @Test
    void rodataIsFrozenAfterLoadButBssAndDataStayWritable() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            GlobalVariable multiplier = object.variables().get("multiplier");
            assertFalse(multiplier.isWritable());
            BpfException e = assertThrows(BpfException.class, () -> multiplier.setLong(9));
            assertTrue(e.getMessage().contains("read-only once the object is loaded"), e.getMessage());
            object.variables().get("seq").setLong(100);
            object.program("on_getppid").attach();
            Triggers.getppid(2);
            assertEquals(102, object.variables().get("seq").longValue(), "the program sees our .bss write");
        }
    }

    @Test
    void variableSettersCheckTypeAndRange() {
        try (OpenBpfObject open = OpenBpfObject.open(TestObjects.bytes("kernel_basics"), "kbasics")) {
            GlobalVariable target = open.variables().get("target_tgid");
            assertThrows(BpfException.class, () -> target.setLong(-1));
            assertThrows(BpfException.class, () -> target.setLong(1L << 32));
            target.setLong((1L << 32) - 1);
            assertEquals(0xffffffffL, target.longValue());
            assertThrows(BpfException.class, () -> open.variables().get("emit_events").setLong(2));
            assertThrows(BpfException.class, () -> target.setString("x"));
            BpfException missing = assertThrows(BpfException.class, () -> open.variables().get("nope"));
            assertTrue(missing.getMessage().contains("multiplier"), "lists the known variables: " + missing.getMessage());
        }
    }

    @Test
    void verifierRejectionCarriesTheLogAndASummary() {
        OpenBpfObject open = OpenBpfObject.open(TestObjects.bytes("verifier_reject"), "reject");
        VerifierException e = assertThrows(VerifierException.class, open::load);
        assertTrue(e.log().contains("BEGIN PROG LOAD LOG"), e.log());
        assertTrue(e.summary().contains("invalid mem access"), e.summary());
        assertTrue(e.getMessage().startsWith("bpf_object__load(reject) failed"), e.getMessage());
        assertTrue(e.errno() > 0);
        assertThrows(BpfClosedException.class, open::load, "a failed load closes the object");
    }

    @Test
    void badInputGivesOneClearError() {
        BpfFormatException notElf = assertThrows(BpfFormatException.class,
                () -> OpenBpfObject.open("{\"json\": 1}".getBytes(), "pkg"));
        assertTrue(notElf.getMessage().contains("not an ELF"), notElf.getMessage());
        byte[] object = TestObjects.bytes("kernel_basics");
        BpfFormatException truncated = assertThrows(BpfFormatException.class,
                () -> OpenBpfObject.open(Arrays.copyOf(object, object.length / 2), "cut"));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
    }

    @Test
    void unknownNamesAndWrongKeySizesAreNamed() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfException noMap = assertThrows(BpfException.class, () -> object.map("nope"));
            assertTrue(noMap.getMessage().contains("hash_map"), noMap.getMessage());
            BpfException key = assertThrows(BpfException.class, () -> object.map("hash_map").lookup(new byte[8]));
            assertTrue(key.getMessage().contains("wrong key size"), key.getMessage());
            assertEquals(Errno.EINVAL, key.errno());
        }
    }

    @Test
    void closingTheObjectDetachesEverythingAndLaterUseFails() {
        BpfObject object = KernelFixture.load("on_getppid", "on_raw_sys_enter");
        BpfLink link = object.program("on_getppid").attach();
        BpfLink raw = object.program("on_raw_sys_enter").attach();
        BpfMap map = object.map("hash_map");
        object.close();
        assertTrue(link.isClosed());
        assertTrue(raw.isClosed());
        assertThrows(BpfClosedException.class, () -> map.lookup(Bytes.u32(1)));
        assertThrows(BpfClosedException.class, () -> object.program("on_getppid").attach());
        object.close(); // closing twice is harmless
        link.close();
    }

    @Test
    void attachAllAttachesAutoAttachableProgramsAndRefusesTargetlessOnes() {
        try (BpfObject object = KernelFixture.load("on_getppid", "on_raw_sys_enter")) {
            assertEquals(2, object.attachAll().size());
            Triggers.getppid(3);
            assertEquals(3, KernelFixture.count(object, KernelFixture.C_TRACEPOINT));
            assertTrue(KernelFixture.count(object, KernelFixture.C_RAW_TP) >= 3);
        }
        try (BpfObject object = KernelFixture.load("on_xdp")) {
            BpfException e = assertThrows(BpfException.class, () -> object.program("on_xdp").attach());
            assertTrue(e.getMessage().contains("attachXdp"), e.getMessage());
        }
    }

    @Test
    void droppingTheOpenObjectOrAStandaloneMapHandleDoesNotCloseWhatIsStillUsed() throws Exception {
        BpfObject object = KernelFixture.load("on_getppid"); // its OpenBpfObject is unreachable from here on
        BpfMap standalone = BpfMap.create(MapType.HASH, "gc_probe", 4, 4, 4);
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(20); // let the Cleaner thread run whatever became unreachable
        }
        assertFalse(object.isClosed(), "the loaded object must not close when the open phase is collected");
        object.map("hash_map").update(Bytes.u32(1), Bytes.u64(2));
        standalone.update(Bytes.u32(1), Bytes.u32(2));
        standalone.close();
        object.close();
    }

    @Test
    void disabledProgramsAreNotLoaded() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            assertEquals(1, object.programs().size());
            assertArrayEquals(new String[] {"on_getppid"},
                    object.programs().stream().map(BpfProgram::name).toArray(String[]::new));
        }
    }
}
