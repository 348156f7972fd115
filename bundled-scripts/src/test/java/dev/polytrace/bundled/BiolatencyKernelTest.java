package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.cli.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct (O_DIRECT) writes to a loop device of the test's own are block requests that biolatency
 * times, on a disk nothing else writes to.
 */
@KernelTest
class BiolatencyKernelTest {
    private static LoopDevice device;
    private static LoopDevice other;
    private static String disk;

    @BeforeAll
    static void loopDevices() throws IOException {
        KernelHooks.assume(AttachKind.TP_BTF);
        Path dir = Files.createDirectories(Path.of("target", "biolatency-test").toAbsolutePath());
        device = LoopDevice.create(dir.resolve("disk.img"), 8L << 20);
        other = LoopDevice.create(dir.resolve("other.img"), 8L << 20);
        disk = device.name();
    }

    @AfterAll
    static void detach() throws IOException {
        for (LoopDevice d : new LoopDevice[] {device, other}) {
            if (d != null) {
                d.close();
            }
        }
    }

    @Test
    void perDiskHistogramOfDirectWrites() {
        try (CliRun run = CliRun.json("biolatency", Duration.ofSeconds(3), "--param", "per_disk=true")) {
            JsonNode sample = run.expectRecord("with a histogram for disk " + disk,
                    r -> r.path("sample").asText().equals("hists")
                            && HistogramText.total(HistogramText.section(r.path("text").asText(), "disk = " + disk)) > 0,
                    BiolatencyKernelTest::writeDirect);
            assertEquals(true, sample.path("text").asText().contains("usecs"), () -> "in microseconds: " + sample);
        }
    }

    @Test
    void onlyTheChosenDisk() {
        try (CliRun run = CliRun.json("biolatency", Duration.ofSeconds(2), "--param", "per_disk=true",
                "--param", "target_disk=" + disk)) {
            run.expectRecord("with a histogram for disk " + disk, r -> r.path("sample").asText().equals("hists")
                    && HistogramText.total(r.path("text").asText()) > 0, BiolatencyKernelTest::writeDirect);
            // Both disks are written to until the run ends; only the chosen one may show up.
            run.runUntilExit(() -> {
                device.writeDirect(4);
                other.writeDirect(4);
            });
            for (String text : run.samples("hists")) {
                assertEquals(HistogramText.total(text), HistogramText.total(HistogramText.section(text, "disk = " + disk)),
                        () -> "nothing but " + disk + ": " + text);
                assertFalse(text.contains("disk = " + other.name()), () -> other.name() + " was filtered: " + text);
            }
        }
    }

    private static void writeDirect() {
        device.writeDirect(16);
    }
}
