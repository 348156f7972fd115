package dev.polytrace.host.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.Cpus;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.UpdateMode;
import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Maps read from the kernel as they are printed: per-CPU values summed, an array's unset indexes left out. */
@KernelTest
class MapSnapshotKernelTest {

    @Test
    void perCpuValuesPrintAsTheirSum() {
        int cpus = Cpus.possibleCount();
        try (BpfMap map = BpfMap.create(MapType.PERCPU_HASH, "percpu", 4, 8, 8)) {
            for (int key = 1; key <= 2; key++) {
                List<byte[]> values = new ArrayList<>();
                for (int cpu = 0; cpu < cpus; cpu++) {
                    values.add(Bytes.u64(key * (cpu + 1L)));
                }
                map.updatePerCpu(Bytes.u32(key), values, UpdateMode.ANY);
            }
            long sum = cpus * (cpus + 1L) / 2; // 1 + 2 + ... + cpus
            String text = MapText.render(MapReports.of(MapSnapshot.read(map, null), 20));
            assertEquals(String.format("KEY  VALUE%n2    %d%n1    %d%n", 2 * sum, sum), text);
        }
    }

    @Test
    void anArrayShowsOnlyTheIndexesSomethingWrote() {
        try (BpfMap map = BpfMap.create(MapType.ARRAY, "array", 4, 8, 4)) {
            map.update(Bytes.u32(2), Bytes.u64(9));
            assertEquals(List.of(new MapSnapshot.Entry(2L, 9L)), MapSnapshot.read(map, null).entries());
        }
    }
}
