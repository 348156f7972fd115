package dev.polytrace.script.hist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Goldens written by hand from BCC's print_linear_hist: {@code "     %-13s : count     distribution"}
 * and rows {@code "        %-10d : %-8d |"} with a 40-wide bar.
 */
class LinearHistogramTest {
    @Test
    void bccLayoutFromFirstToLastNonEmptyBucket() {
        assertEquals("""
                     msecs         : count     distribution
                        10         : 3        |************************                |
                        20         : 0        |                                        |
                        30         : 5        |****************************************|
                """, LinearHistogram.render(new long[] {0, 3, 0, 5, 0}, 0, 10, "msecs"));
    }

    @Test
    void emptyHistogramPrintsNothing() {
        assertEquals("", LinearHistogram.render(new long[4], 0, 1, "msecs"));
    }

    @Test
    void singleBucketWithNegativeStart() {
        assertEquals("""
                     celsius       : count     distribution
                        -5         : 12       |****************************************|
                """, LinearHistogram.render(new long[] {0, 0, 12}, -15, 5, "celsius"));
    }

    @Test
    void longUnitAndValuesWidenTheirColumns() {
        assertEquals("""
                     request bytes : count     distribution
                        4096000000 : 1        |****************************************|
                """, LinearHistogram.render(new long[] {1}, 4_096_000_000L, 1, "request bytes"));
        assertEquals("""
                     a much longer unit : count     distribution
                        12345678901 : 1        |****************************************|
                """, LinearHistogram.render(new long[] {1}, 12_345_678_901L, 1, "a much longer unit"));
    }
}
