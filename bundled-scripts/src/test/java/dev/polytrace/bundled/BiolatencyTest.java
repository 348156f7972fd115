package dev.polytrace.bundled;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.polytrace.bpf.AttachKind;
import dev.polytrace.bpf.testing.KernelTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Direct (O_DIRECT) writes to a file in the build directory go to the disk that holds it as block
 * requests, which biolatency times. A build directory on tmpfs or overlayfs has no disk: skipped.
 */
@KernelTest
class BiolatencyTest {
    private static Path file;
    private static String disk;

    @BeforeAll
    static void diskUnderTheBuildDirectory() throws IOException {
        KernelHooks.assume(AttachKind.TP_BTF);
        Path dir = Files.createDirectories(Path.of("target", "biolatency-test").toAbsolutePath());
        file = dir.resolve("direct-writes");
        Optional<String> found = BlockDevices.diskOf(dir);
        Assumptions.assumeTrue(found.isPresent(), () -> dir + " is not on a block device (tmpfs/overlay?)");
        disk = found.get();
    }

    @AfterAll
    static void removeFile() throws IOException {
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void perDiskHistogramOfDirectWrites() {
        try (TracerRun run = TracerRun.start("biolatency", Duration.ofSeconds(3), "--param", "per_disk=true")) {
            JsonNode sample = run.expectRecord("with a histogram for disk " + disk,
                    r -> r.path("sample").asText().equals("hists")
                            && HistogramText.total(HistogramText.section(r.path("text").asText(), "disk = " + disk)) > 0,
                    BiolatencyTest::writeDirect);
            assertEquals(true, sample.path("text").asText().contains("usecs"), () -> "in microseconds: " + sample);
        }
    }

    @Test
    void onlyTheChosenDisk() {
        try (TracerRun run = TracerRun.start("biolatency", Duration.ofSeconds(2), "--param", "per_disk=true",
                "--param", "target_disk=" + disk)) {
            run.expectRecord("with a histogram for disk " + disk, r -> r.path("sample").asText().equals("hists")
                    && HistogramText.total(r.path("text").asText()) > 0, BiolatencyTest::writeDirect);
            for (String text : run.samples("hists")) {
                assertEquals(HistogramText.total(text), HistogramText.total(HistogramText.section(text, "disk = " + disk)),
                        () -> "nothing but " + disk + ": " + text);
            }
        }
    }

    private static void writeDirect() {
        int code = Workloads.run("dd", "if=/dev/zero", "of=" + file, "bs=4096", "count=16", "oflag=direct",
                "conv=notrunc");
        assertEquals(0, code, "dd oflag=direct");
    }
}
