package dev.polytrace.script.hist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Goldens written by hand from libbpf-tools' print_log2_hist: {@code "%*s%-*s : count    distribution"}
 * with 5 and 19 (15 and 29 past slot 32), rows {@code "%*lld -> %-*lld : %-8d |"} with width 10
 * (20), then {@code val * stars / max} stars in a 40 (20) wide bar.
 */
class Log2HistogramTest {
    @Test
    void bccLayout() {
        assertEquals("""
                     usecs               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 4        |*****                                   |
                         4 -> 7          : 32       |****************************************|
                """, Log2Histogram.render(new long[] {0, 4, 32, 0, 0}, "usecs"));
    }

    @Test
    void emptyHistogramPrintsNothing() {
        assertEquals("", Log2Histogram.render(new long[26], "usecs"));
        assertEquals("", Log2Histogram.render(new long[0], "usecs"));
    }

    @Test
    void singleBucketFromSlotZeroOrAlone() {
        assertEquals("""
                     usecs               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 0        |                                        |
                         8 -> 15         : 7        |****************************************|
                """, Log2Histogram.render(new long[] {0, 0, 0, 7}, "usecs"));
        assertEquals("""
                     usecs               : count    distribution
                         8 -> 15         : 7        |****************************************|
                """, Log2Histogram.render(new long[] {0, 0, 0, 7}, "usecs", true));
    }

    @Test
    void slotsAbove32WidenTheColumnsAndHalveTheBars() {
        long[] slots = new long[35];
        slots[33] = 2;
        slots[34] = 1;
        assertEquals("""
                               nsecs                         : count    distribution
                          8589934592 -> 17179869183          : 2        |********************|
                         17179869184 -> 34359738367          : 1        |**********          |
                """, Log2Histogram.render(slots, "nsecs", true));
    }

    @Test
    void topSlotCoversTheUnsigned64BitRange() {
        long[] slots = new long[64];
        slots[63] = 1;
        String rendered = Log2Histogram.render(slots, "nsecs", true);
        assertEquals(" 9223372036854775808 -> 18446744073709551615 : 1        |********************|\n",
                rendered.lines().skip(1).findFirst().orElseThrow() + "\n");
    }

    @Test
    void wideCountsPushTheBar() {
        assertEquals("""
                     usecs               : count    distribution
                         0 -> 1          : 0        |                                        |
                         2 -> 3          : 123456789 |****************************************|
                """, Log2Histogram.render(new long[] {0, 123456789}, "usecs"));
    }

    @Test
    void bucketOfMatchesLibbpfToolsLog2l() {
        assertEquals(0, Log2Histogram.bucketOf(0));
        assertEquals(0, Log2Histogram.bucketOf(1));
        assertEquals(1, Log2Histogram.bucketOf(2));
        assertEquals(1, Log2Histogram.bucketOf(3));
        assertEquals(2, Log2Histogram.bucketOf(4));
        assertEquals(9, Log2Histogram.bucketOf(1000));
        assertEquals(62, Log2Histogram.bucketOf(Long.MAX_VALUE));
        assertEquals(63, Log2Histogram.bucketOf(-1));
    }

    @Test
    void fromValues() {
        assertArrayEquals(new long[] {2, 2, 1, 0, 1}, Log2Histogram.fromValues(0, 1, 2, 3, 7, 16));
        assertArrayEquals(new long[0], Log2Histogram.fromValues());
    }

    @Test
    void fromBucketMap() {
        Map<Long, Long> counts = new LinkedHashMap<>();
        counts.put(3L, 5L);
        counts.put(1L, 2L);
        assertArrayEquals(new long[] {0, 2, 0, 5}, Log2Histogram.fromBucketMap(counts));
        assertEquals(-1L, Log2Histogram.fromBucketMap(Map.of(0L, new BigInteger("18446744073709551615")))[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Log2Histogram.fromBucketMap(Map.of(64L, 1L)));
        assertEquals("log2 slot key 64 is not a slot index 0..63", e.getMessage());
    }

    @Test
    void structWithSlotsPrintsOtherFieldsAsHeader() {
        Map<String, Object> hist = new LinkedHashMap<>();
        hist.put("pid", 42L);
        hist.put("slots", List.of(1L, 0L, 2L));
        hist.put("comm", "bash");
        assertEquals("""
                pid = 42, comm = bash
                     usecs               : count    distribution
                         0 -> 1          : 1        |********************                    |
                         2 -> 3          : 0        |                                        |
                         4 -> 7          : 2        |****************************************|
                """, Log2Histogram.renderStruct(hist, "usecs"));
        assertEquals(Log2Histogram.render(new long[] {1}, "usecs"),
                Log2Histogram.renderStruct(Map.of("slots", List.of(1L)), "usecs"));
        assertEquals("", Log2Histogram.renderStruct(Map.of("slots", List.of(0L), "pid", 1L), "usecs"));
        assertThrows(IllegalArgumentException.class, () -> Log2Histogram.fromStruct(Map.of("buckets", List.of())));
    }
}
