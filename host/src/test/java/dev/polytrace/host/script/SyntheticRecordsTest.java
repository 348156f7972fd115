package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.script.codec.RecordLayout;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SyntheticRecordsTest {
    /** kernel_basics' {@code struct event}: {@code __u64 seq; __u32 pid; __u32 value; char comm[16]}. */
    private static final RecordLayout LAYOUT = TestLayouts.BASICS;

    private static Map<String, Object> sample(Random random) {
        byte[] bytes = new byte[(int) LAYOUT.type().size()];
        SyntheticRecords.fill(LAYOUT, bytes, random);
        return LAYOUT.decode(RecordLayout.view(bytes));
    }

    @Test
    void sampleRecordsCarryShortPrintableStrings() {
        Random random = new Random(9);
        for (int i = 0; i < 20; i++) {
            Object comm = sample(random).get("comm");
            assertTrue(List.of("bash", "systemd", "kworker/0:1", "sample").contains(comm), String.valueOf(comm));
        }
    }

    @Test
    void sampleIntegersAreHalfSmallAndTheRestWithinWhatScriptsKeepInAWord() {
        Random random = new Random(3);
        int small = 0;
        for (int i = 0; i < 200; i++) {
            Map<String, Object> value = sample(random);
            long pid = (Long) value.get("pid");
            Number seq = (Number) value.get("seq");
            assertTrue(pid >= 0 && pid < 1L << 31, "pid " + pid);
            assertTrue(seq.longValue() >= 0 && seq.longValue() < 1L << 53, "seq " + seq);
            small += pid < 128 ? 1 : 0;
        }
        assertTrue(small > 60 && small < 140, "small pids: " + small);
    }
}
