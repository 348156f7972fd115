package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class HistogramTracerKernelTest {
    private static final int SLEEPS = 5;
    private static final long SLEEP_USECS = 20_000;
    /** One bucket line of a log2 histogram: "  16384 -> 32767  : 3  |****|". */
    private static final Pattern BUCKET = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s*\\|", Pattern.MULTILINE);

    /**
     * SLEEPS sleeps of 20 ms, each timed here around the call: the kernel slept each between
     * 20 ms and the longest time measured here, so at least SLEEPS counts fall in the buckets of
     * that range. Other threads of this JVM may add sleeps of their own. The map is never
     * cleared: the last print, at the stop, has them all.
     */
    @Test
    void putsTwentyMillisecondSleepsOfThisProcessInTheirBuckets(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("histogram-tracer", "sleeplat.bpf.c", null, dir);
        long longestUsecs = 0;
        CliRun run = CliRun.json(pkg.toString(), "--param", "target_pid=" + Samples.ownPid());
        try (run) {
            run.awaitAttached();
            for (int i = 0; i < SLEEPS; i++) {
                long start = System.nanoTime();
                Samples.nanosleep20ms();
                longestUsecs = Math.max(longestUsecs, (System.nanoTime() - start + 999) / 1000);
            }
        }
        List<String> hists = run.records().stream().filter(r -> "hist".equals(r.path("sample").asText()))
                .map(r -> r.path("text").asText()).toList();
        assertTrue(!hists.isEmpty(), run::describe);
        String last = hists.get(hists.size() - 1);
        assertTrue(last.contains("usecs"), last);
        long longest = longestUsecs;
        long inRange = countBetween(last, SLEEP_USECS, longest);
        assertTrue(inRange >= SLEEPS, () -> inRange + " sleeps of " + SLEEP_USECS + " to " + longest + " us:\n" + last);
    }

    /** The counts of every bucket that holds values from {@code low} to {@code high}. */
    private static long countBetween(String text, long low, long high) {
        long total = 0;
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            if (Long.parseLong(m.group(2)) >= low && Long.parseLong(m.group(1)) <= high) {
                total += Long.parseLong(m.group(3));
            }
        }
        return total;
    }
}
