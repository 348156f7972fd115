package dev.polytrace.script.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.Cpus;
import dev.polytrace.bpf.UpdateMode;
import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Per-CPU maps through ctx.maps: one value per possible CPU, totals with {sum: true}. */
@KernelTest
@ExtendWith(GuestSandbox.class)
class PerCpuMapKernelTest {
    private static final Map<String, GuestSession> SESSIONS = new HashMap<>();
    private static KernelBasics loaded;
    private static int cpus;

    @BeforeAll
    static void load() {
        loaded = KernelBasics.load();
        cpus = Cpus.possibleCount();
    }

    @AfterAll
    static void close() {
        SESSIONS.values().forEach(GuestSession::close);
        SESSIONS.clear();
        if (loaded != null) {
            loaded.close();
        }
    }

    private static GuestSession session(String language) {
        loaded.reset();
        return SESSIONS.computeIfAbsent(language, GuestSession::new)
                .bind("ctx", new HandlerContext(new FakeEnvironment().withObject(loaded.object())));
    }

    private static List<Long> perCpu(long first) {
        List<Long> values = new ArrayList<>();
        for (int cpu = 0; cpu < cpus; cpu++) {
            values.add(first + cpu);
        }
        return values;
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void valuesWrittenInJavaReadPerCpuAndSummed(String language) {
        GuestSession g = session(language);
        BpfMap map = loaded.object().map("percpu_hash");
        List<byte[]> values = new ArrayList<>();
        for (long v : perCpu(10)) {
            values.add(Bytes.u64(v));
        }
        map.updatePerCpu(Bytes.u32(7), values, UpdateMode.ANY);
        assertEquals(perCpu(10), g.java("ctx.maps.percpu_hash.get(7)"));
        long total = perCpu(10).stream().mapToLong(Long::longValue).sum();
        assertEquals(total, g.java("ctx.maps.percpu_hash.get(7, {'sum': true})"));
        assertEquals(List.of(Map.of("key", 7L, "value", total)), g.java("ctx.maps.percpu_hash.entries({'sum': true})"));
        assertEquals(List.of(Map.of("key", 7L, "value", perCpu(10))), g.java("ctx.maps.percpu_hash.entries()"));
        assertEquals(true, g.java("ctx.maps.percpu_hash.perCpu"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void aSingleValueIsWrittenOnEveryCpu(String language) {
        GuestSession g = session(language);
        g.eval("ctx.maps.percpu_array.set(1, 5)");
        List<byte[]> read = loaded.object().map("percpu_array").lookupPerCpu(Bytes.u32(1)).orElseThrow();
        for (byte[] v : read) {
            assertEquals(5, Bytes.u32(v, 0));
        }
        assertEquals(Collections.nCopies(cpus, 5L), g.java("ctx.maps.percpu_array.get(1)"));
        assertEquals(5L * cpus, g.java("ctx.maps.percpu_array.get(1, {'sum': true})"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"js", "python"})
    void aListGivesEachCpuItsValue(String language) {
        GuestSession g = session(language);
        String list = perCpu(100).toString();
        g.eval("ctx.maps.percpu_array.set(2, " + list + ")");
        List<byte[]> read = loaded.object().map("percpu_array").lookupPerCpu(Bytes.u32(2)).orElseThrow();
        for (int cpu = 0; cpu < cpus; cpu++) {
            assertEquals(100 + cpu, Bytes.u32(read.get(cpu), 0));
        }
        g.eval("ctx.maps.percpu_array.set(2, " + list + ", {'perCpu': true})");
        assertEquals(perCpu(100), g.java("ctx.maps.percpu_array.get(2)"), "set(get()) round-trips");
        List<Long> tooMany = new ArrayList<>(perCpu(0));
        tooMany.add(0L);
        g.fails("ctx.maps.percpu_array.set(2, " + tooMany + ", {'perCpu': true})", "with perCpu, the value must be a"
                + " list of " + cpus + " values (one per possible CPU), got a list of " + (cpus + 1));
        g.fails("ctx.maps.percpu_array.set(2, 4294967296)", "ctx.maps.percpu_array.set value: 4294967296 is out of"
                + " range for");
        g.fails("ctx.maps.percpu_array.get(2, {'sum': 1})", "option 'sum' must be true or false");
    }
}
