package dev.polytrace.samples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.testing.KernelTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@KernelTest
class HistogramTracerTest {
    /** One bucket line of a log2 histogram: "  16384 -> 32767  : 3  |****|". */
    private static final Pattern BUCKET = Pattern.compile("^\\s*(\\d+) -> (\\d+)\\s*: (\\d+)\\s*\\|", Pattern.MULTILINE);

    @Test
    void putsTwentyMillisecondSleepsOfThisProcessInTheirBucket(@TempDir Path dir) throws Exception {
        Path pkg = Samples.build("histogram-tracer", "sleeplat.bpf.c", null, dir);
        try (CliRun run = CliRun.start(pkg.toString(), Duration.ofSeconds(3), "--param", "target_pid=" + Samples.ownPid())) {
            JsonNode sample = run.expect("with a sleep of 20 ms or more",
                    r -> "hist".equals(r.path("sample").asText()) && countFrom(r.path("text").asText(), 20_000) > 0,
                    Samples::nanosleep20ms);
            assertTrue(sample.path("text").asText().contains("usecs"), sample::toString);
        }
    }

    /** The count of every bucket whose range reaches {@code usecs} or beyond. */
    private static long countFrom(String text, long usecs) {
        long total = 0;
        Matcher m = BUCKET.matcher(text);
        while (m.find()) {
            if (Long.parseLong(m.group(2)) >= usecs) {
                total += Long.parseLong(m.group(3));
            }
        }
        return total;
    }
}
