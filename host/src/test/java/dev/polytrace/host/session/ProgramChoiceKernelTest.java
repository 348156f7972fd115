package dev.polytrace.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.polytrace.bpf.FeatureStatus;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenProgram;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.pkg.TestBpfObjects;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Which programs of an object are loaded, decided on the opened object (libbpf, nothing loaded)
 * with the kernel's support given by the test, so every case runs on every kernel.
 */
@KernelTest
class ProgramChoiceKernelTest {
    private static final Function<String, FeatureStatus> EVERYTHING = FeatureStatus::works;
    private static final Function<String, FeatureStatus> NO_TRAMPOLINES = kind -> kind.startsWith("f")
            ? FeatureStatus.missing(kind, "load refused: EPERM") : FeatureStatus.works(kind);

    @Test
    void thePreferredKindOfEachPairIsLoadedAndSaidInOneSentence() {
        try (OpenBpfObject open = open()) {
            String said = ProgramChoice.apply(open, Set.of(), EVERYTHING);
            assertEquals(List.of("switch_btf", "sleep_fentry", "sleep_fexit", "process_exit"), loaded(open));
            assertEquals("alternative programs: loading tp_btf switch_btf instead of raw_tp switch_raw; loading fentry"
                    + " sleep_fentry instead of kprobe sleep_kprobe; loading fexit sleep_fexit instead of kretprobe"
                    + " sleep_kretprobe (--disable-program NAME to choose otherwise)", said);
        }
    }

    @Test
    void anUnsupportedKindGivesWayWithItsReason() {
        try (OpenBpfObject open = open()) {
            String said = ProgramChoice.apply(open, Set.of(), NO_TRAMPOLINES);
            assertEquals(List.of("switch_btf", "sleep_kprobe", "sleep_kretprobe", "process_exit"), loaded(open));
            assertEquals("alternative programs: loading tp_btf switch_btf instead of raw_tp switch_raw; loading kprobe"
                    + " sleep_kprobe instead of fentry sleep_fentry (fentry: load refused: EPERM); loading kretprobe"
                    + " sleep_kretprobe instead of fexit sleep_fexit (fexit: load refused: EPERM) (--disable-program"
                    + " NAME to choose otherwise)", said);
        }
    }

    @Test
    void whenNoKindWorksThePreferredIsLoadedToFailWithItsOwnError() {
        try (OpenBpfObject open = open()) {
            String said = ProgramChoice.apply(open, Set.of("switch_btf", "switch_raw"),
                    kind -> FeatureStatus.missing(kind, "not here"));
            assertEquals(List.of("sleep_fentry", "sleep_fexit", "process_exit"), loaded(open));
            assertEquals("alternative programs: loading fentry sleep_fentry instead of kprobe sleep_kprobe (fentry: not"
                    + " here); loading fexit sleep_fexit instead of kretprobe sleep_kretprobe (fexit: not here)"
                    + " (--disable-program NAME to choose otherwise)", said);
        }
    }

    @Test
    void disablingOneOfAPairLoadsTheOtherAndSaysNothing() {
        try (OpenBpfObject open = open()) {
            String said = ProgramChoice.apply(open, Set.of("switch_btf", "sleep_fentry", "sleep_fexit"), EVERYTHING);
            assertEquals(List.of("switch_raw", "sleep_kprobe", "sleep_kretprobe", "process_exit"), loaded(open));
            assertEquals("", said);
        }
    }

    @Test
    void disablingAnUnknownProgramIsOneLine() {
        try (OpenBpfObject open = open()) {
            UserError e = assertThrows(UserError.class, () -> ProgramChoice.apply(open, Set.of("nope"), EVERYTHING));
            assertEquals("--disable-program nope: no program 'nope' in the object (programs: switch_btf, switch_raw,"
                    + " sleep_fentry, sleep_kprobe, sleep_fexit, sleep_kretprobe, process_exit)", e.getMessage());
        }
    }

    private static OpenBpfObject open() {
        return OpenBpfObject.open(TestBpfObjects.bytes("hook_pairs"), "hook_pairs");
    }

    private static List<String> loaded(OpenBpfObject open) {
        return open.programs().stream().filter(OpenProgram::autoload).map(OpenProgram::name).toList();
    }
}
