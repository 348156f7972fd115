package dev.polytrace.bpf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.Bytes;
import dev.polytrace.bpf.testing.KernelTest;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

@KernelTest
class MapKernelTest {

    @Test
    void hashMapLookupUpdateDeleteAndIterate() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap map = object.map("hash_map");
            for (int k = 1; k <= 300; k++) {
                map.update(Bytes.u32(k), Bytes.u64(k * 10L));
            }
            assertEquals(30L, Bytes.u64(map.lookup(Bytes.u32(3)).orElseThrow(), 0));
            assertTrue(map.lookup(Bytes.u32(999)).isEmpty());
            assertEquals(300, map.keys().size());
            List<MapEntry> entries = map.entries();
            assertEquals(300, entries.size());
            assertEquals(Boolean.TRUE, map.usedBatch(), "this kernel has batch lookups for hash maps");
            for (MapEntry e : entries) {
                assertEquals(Bytes.u32(e.key(), 0) * 10L, Bytes.u64(e.value(), 0));
            }
            assertTrue(map.delete(Bytes.u32(3)));
            assertFalse(map.delete(Bytes.u32(3)));
            BpfException exists = assertThrows(BpfException.class,
                    () -> map.update(Bytes.u32(4), Bytes.u64(1), UpdateMode.CREATE_ONLY));
            assertEquals(Errno.EEXIST, exists.errno());
            BpfException missing = assertThrows(BpfException.class,
                    () -> map.update(Bytes.u32(3), Bytes.u64(1), UpdateMode.REPLACE_ONLY));
            assertEquals(Errno.ENOENT, missing.errno());
            assertEquals(299, map.clear());
            assertTrue(map.keys().isEmpty());
        }
    }

    @Test
    void batchUpdateAndDeleteWriteAndRemoveManyEntries() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap map = object.map("hash_map");
            List<MapEntry> entries = new java.util.ArrayList<>();
            for (int k = 1; k <= 500; k++) {
                entries.add(new MapEntry(Bytes.u32(k), Bytes.u64(k * 3L)));
            }
            map.updateAll(entries, UpdateMode.ANY);
            assertEquals(500, map.keys().size());
            assertEquals(300L, Bytes.u64(map.lookup(Bytes.u32(100)).orElseThrow(), 0));
            map.deleteAll(List.of(Bytes.u32(1), Bytes.u32(2), Bytes.u32(3)));
            assertEquals(497, map.keys().size());
            assertThrows(BpfException.class, () -> map.updateAll(List.of(new MapEntry(new byte[2], Bytes.u64(1))),
                    UpdateMode.ANY), "key sizes are checked before the kernel sees them");
        }
    }

    @Test
    void drainTakesEveryEntryOutAndLaterUpdatesWaitForTheNextDrain() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap map = object.map("hash_map");
            for (int k = 1; k <= 300; k++) {
                map.update(Bytes.u32(k), Bytes.u64(k));
            }
            List<MapEntry> first = map.drain();
            assertEquals(Boolean.TRUE, map.drainedInBatch(), "this kernel has batch lookup-and-delete for hashes");
            assertEquals(300, first.size());
            assertEquals(300L * 301 / 2, first.stream().mapToLong(e -> Bytes.u64(e.value(), 0)).sum());
            assertTrue(map.keys().isEmpty(), "every entry read is gone");
            map.update(Bytes.u32(7), Bytes.u64(70));
            List<MapEntry> second = map.drain();
            assertEquals(1, second.size());
            assertEquals(70L, Bytes.u64(second.get(0).value(), 0));
            assertTrue(map.drain().isEmpty());
            BpfMap percpu = object.map("percpu_hash");
            percpu.update(Bytes.u32(5), new byte[percpu.lookupValueSize()]);
            assertEquals(1, percpu.drain().size());
            assertTrue(percpu.keys().isEmpty());
            assertThrows(BpfException.class, () -> object.map("array_map").drain(), "array indexes stay");
        }
    }

    @Test
    void internalMapsAreTheDataSectionsLibbpfMade() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            Set<String> internal = new HashSet<>();
            object.maps().stream().filter(BpfMap::isInternal).forEach(m -> internal.add(m.name()));
            assertEquals(Set.of("kbasics.rodata", "kbasics.bss", "kbasics.data", "kbasics.kconfig"), internal);
            assertFalse(object.map("hash_map").isInternal());
        }
    }

    @Test
    void arrayMapsHaveEveryIndexAndCannotDelete() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap array = object.map("array_map");
            assertEquals(8, array.keys().size());
            array.update(Bytes.u32(2), Bytes.u64(42));
            assertEquals(42, Bytes.u64(array.lookup(Bytes.u32(2)).orElseThrow(), 0));
            assertTrue(array.lookup(Bytes.u32(8)).isEmpty(), "index past max_entries");
            assertThrows(BpfException.class, () -> array.delete(Bytes.u32(2)));
            array.clear();
            assertEquals(0, Bytes.u64(array.lookup(Bytes.u32(2)).orElseThrow(), 0));
        }
    }

    @Test
    void perCpuMapsHoldOneValuePerPossibleCpu() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap percpu = object.map("percpu_array");
            int cpus = Cpus.possibleCount();
            assertEquals(8 * cpus, percpu.lookupValueSize(), "4-byte values padded to 8 per CPU");
            List<byte[]> values = new java.util.ArrayList<>();
            for (int cpu = 0; cpu < cpus; cpu++) {
                values.add(Bytes.u32(100 + cpu));
            }
            percpu.updatePerCpu(Bytes.u32(1), values, UpdateMode.ANY);
            List<byte[]> read = percpu.lookupPerCpu(Bytes.u32(1)).orElseThrow();
            assertEquals(cpus, read.size());
            for (int cpu = 0; cpu < cpus; cpu++) {
                assertEquals(100 + cpu, Bytes.u32(read.get(cpu), 0));
            }
            assertThrows(BpfException.class, () -> percpu.updatePerCpu(Bytes.u32(1), values.subList(0, 1),
                    UpdateMode.ANY));
            BpfMap percpuHash = object.map("percpu_hash");
            percpuHash.update(Bytes.u32(5), new byte[percpuHash.lookupValueSize()]);
            assertEquals(1, percpuHash.entries().size());
            assertThrows(BpfException.class, () -> object.map("hash_map").lookupPerCpu(Bytes.u32(1)));
        }
    }

    @Test
    void lruMapEvictsBeyondItsSize() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            BpfMap lru = object.map("lru_map");
            for (int k = 0; k < 50; k++) {
                lru.update(Bytes.u32(k), Bytes.u64(k));
            }
            int size = lru.keys().size();
            assertTrue(size <= 4 * Cpus.possibleCount() && size < 50, "LRU kept " + size);
            assertTrue(lru.lookup(Bytes.u32(49)).isPresent(), "the newest key survives");
        }
    }

    @Test
    void mapInfoComesFromTheKernel() {
        try (BpfObject object = KernelFixture.load("on_getppid")) {
            MapInfo info = object.map("hash_map").info();
            assertEquals(MapType.HASH, info.type());
            assertEquals(4, info.keySize());
            assertEquals(8, info.valueSize());
            assertEquals(1024, info.maxEntries());
            assertEquals("hash_map", info.name());
            assertTrue(info.id() > 0);
            assertTrue(info.btfKeyTypeId() > 0 && info.btfValueTypeId() > 0, "maps declared with __type carry BTF ids");
            assertEquals(object.map("hash_map").btfValueTypeId(), info.btfValueTypeId());
            BpfException keys = assertThrows(BpfException.class, () -> object.map("events").keys());
            assertTrue(keys.getMessage().contains("no keys"), keys.getMessage());
        }
    }

    @Test
    void standaloneMapsCloseTheirFd() {
        BpfMap map = BpfMap.create(MapType.HASH, "standalone", 4, 4, 8);
        map.update(Bytes.u32(1), Bytes.u32(2));
        Set<Integer> seen = new HashSet<>();
        map.keys().forEach(k -> seen.add(Bytes.u32(k, 0)));
        assertEquals(Set.of(1), seen);
        map.close();
        assertThrows(BpfClosedException.class, () -> map.lookup(Bytes.u32(1)));
    }

    @Test
    void resizingBeforeLoadChangesTheKernelMap() {
        try (BpfObject object = KernelFixture.load(o -> o.map("hash_map").setMaxEntries(2048), "on_getppid")) {
            assertEquals(2048, object.map("hash_map").info().maxEntries());
        }
    }
}
