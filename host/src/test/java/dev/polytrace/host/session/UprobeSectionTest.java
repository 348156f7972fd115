package dev.polytrace.host.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.polytrace.host.pkg.AttachTarget;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a uprobe's section says of its target, as libbpf reads it, kept for --attach to complete. */
class UprobeSectionTest {

    @Test
    void binaryFunctionAndOffsetAsLibbpfSpellsThem() {
        assertEquals(Map.of("binary", "/bin/bash", "symbol", "readline"),
                ProgramAttacher.uprobeSection("uretprobe//bin/bash:readline").fields());
        assertEquals(Map.of("binary", "libc.so.6", "symbol", "malloc", "offset", 16L),
                ProgramAttacher.uprobeSection("uprobe/libc.so.6:malloc+0x10").fields());
        assertEquals(Map.of("binary", "/opt/app", "offset", 4096L),
                ProgramAttacher.uprobeSection("uprobe//opt/app:0x1000").fields(), "a number is a file offset");
    }

    @Test
    void aFunctionWithoutItsBinaryIsKeptForTheBinaryGivenAtRunTime() {
        assertEquals(Map.of("symbol", "readline"), ProgramAttacher.uprobeSection("uretprobe/readline").fields());
        assertEquals(Map.of("symbol", "readline", "offset", 4L),
                ProgramAttacher.uprobeSection("uprobe.s/readline+4").fields());
        AttachTarget given = ProgramAttacher.uprobeSection("uretprobe/readline")
                .overriddenBy(new AttachTarget(null, null, "/bin/bash", null, null, 42, null, null, null, null));
        assertEquals(Map.of("binary", "/bin/bash", "symbol", "readline", "pid", 42), given.fields());
    }

    @Test
    void aSectionWithoutATargetSaysNothing() {
        assertEquals(Map.of(), ProgramAttacher.uprobeSection("uprobe").fields());
        assertEquals(Map.of(), ProgramAttacher.uprobeSection("uprobe/").fields());
    }
}
