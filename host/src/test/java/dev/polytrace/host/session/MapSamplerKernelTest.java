package dev.polytrace.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapType;
import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.maps.MapReport;
import dev.polytrace.host.maps.MapReport.Order;
import dev.polytrace.host.maps.MapReport.Row;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Sampled maps with "clear": each update is printed once, none is lost to the clearing. */
@KernelTest
class MapSamplerKernelTest {
    private static final SampledMap CLEARED_TABLE = new SampledMap("m", "table", 1000, "", true, 1);

    @Test
    void everyEntryWrittenWhileSamplingIsPrintedExactlyOnce() {
        int writes = 20_000;
        try (BpfMap map = BpfMap.create(MapType.HASH, "sampled", 4, 8, writes)) {
            MapSampler sampler = new MapSampler(CLEARED_TABLE, map, null);
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int k = 1; k <= writes; k++) {
                    map.update(Bytes.u32(k), Bytes.u64(k));
                }
            });
            Set<Long> seen = new HashSet<>();
            int samples = 0;
            while (!writer.isDone() || samples == 0) {
                samples += record(sampler.sample(), seen);
            }
            writer.join();
            record(sampler.sample(), seen); // what came after the last sample while the writer ran
            assertEquals(writes, seen.size(), "every key, once; reading then clearing wiped some unread");
            assertTrue(map.keys().isEmpty());
        }
    }

    @Test
    void anArrayIsLeftAsItIsAndShowsWhatGrewSinceTheLastSample() {
        try (BpfMap map = BpfMap.create(MapType.ARRAY, "grown", 4, 8, 2)) {
            MapSampler sampler = new MapSampler(CLEARED_TABLE, map, null);
            map.update(Bytes.u32(1), Bytes.u64(5));
            assertEquals(List.of(new Row(1L, 5L)), rows(sampler.sample()));
            map.update(Bytes.u32(1), Bytes.u64(8));
            map.update(Bytes.u32(0), Bytes.u64(2));
            assertEquals(List.of(new Row(1L, 3L), new Row(0L, 2L)), rows(sampler.sample()));
            assertTrue(sampler.sample().isEmpty(), "nothing grew");
            assertEquals(8L, Bytes.u64(map.lookup(Bytes.u32(1)).orElseThrow(), 0), "the kernel's total untouched");
        }
    }

    private static int record(MapReport report, Set<Long> seen) {
        for (Row row : rows(report)) {
            assertEquals(row.key(), row.value(), "the value written with the key");
            assertTrue(seen.add((Long) row.key()), () -> "key " + row.key() + " printed twice");
        }
        return 1;
    }

    private static List<Row> rows(MapReport report) {
        MapReport.Table table = (MapReport.Table) report;
        assertEquals(Order.BIGGEST_FIRST, table.order(), "integer values: a table of counts");
        return table.rows();
    }
}
