package dev.polytrace.host.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfMember;
import dev.polytrace.bpf.btf.BtfStruct;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.bpf.btf.BtfTypedef;
import dev.polytrace.bpf.elf.ElfFile;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageProgram;
import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageWriter;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Builds the sources of src/test/resources/build with the real clang and checks the packages. */
class TracerBuilderTest {

    @BeforeAll
    static void toolchain() {
        BuildFixtures.assumeToolchain();
    }

    @Test
    void ringBufferRecordReservedThroughAPointerIsKeptInBtf() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("exec.bpf.c"));

        assertEquals("exec", pkg.name());
        assertEquals("0.1.0", pkg.version());
        assertEquals("exec: trace exec() calls with the new program's name", pkg.description());
        assertEquals(List.of(new EventStream("rb", "ringbuf", "struct event")), pkg.outputs().events());
        assertEquals(List.of(), pkg.outputs().samples());
        BtfStruct event = btf(pkg).byName("event", BtfStruct.class).orElseThrow();
        assertEquals(List.of("pid int @0", "ppid int @4", "comm char[16] @8"), members(event));
        assertEquals(List.of(new PackageProgram("handle_exec", "tp/sched/sched_process_exec",
                java.util.Optional.empty())), pkg.programs());
        assertEquals(List.of("min_pid"), pkg.params().stream().map(p -> p.name()).toList(),
                "the build's __polytrace_ anchor must not become a param");
        assertTrue(btf(pkg).datasec(".rodata").orElseThrow().variable("__polytrace_keep_rb").isPresent(),
                "the anchor keeps struct event in BTF");
        assertEquals(PackageOptions.DEFAULTS, pkg.options());
        assertEquals(64, pkg.object().sha256().length());
    }

    @Test
    void perfBufferRecordOutputFromTheStackIsKeptWithoutVmlinuxH() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("perf.bpf.c"));

        assertEquals(List.of(new EventStream("events", "perf", "struct event")), pkg.outputs().events());
        BtfStruct event = btf(pkg).byName("event", BtfStruct.class).orElseThrow();
        assertEquals(List.of("pid unsigned int @0", "ts unsigned long long @8"), members(event));
        assertEquals("perf: getppid() callers through a perf event array, without vmlinux.h", pkg.description());
    }

    @Test
    void eventAnnotationNamesTheTypeWhenNothingCanBeInferred() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("annotated.bpf.c"));

        assertEquals(List.of(new EventStream("packets", "ringbuf", "struct net_event")), pkg.outputs().events());
        BtfStruct event = btf(pkg).byName("net_event", BtfStruct.class).orElseThrow();
        assertEquals(List.of("ifindex __u32 @0", "len __u32 @4"), members(event));
        assertTrue(btf(pkg).byName("other_record", BtfStruct.class).isEmpty(),
                "only stream record types are anchored");
    }

    @Test
    void typedefRecordFromAHeaderFoundWithIncludeDir() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("local_header.bpf.c")
                .withIncludeDir(BuildFixtures.resource("include")));

        assertEquals(List.of(new EventStream("out", "ringbuf", "shared_event_t")), pkg.outputs().events());
        BtfType typedef = btf(pkg).byName("shared_event_t", BtfTypedef.class).orElseThrow();
        assertEquals(List.of("pid __u32 @0", "name char[32] @4"), members((BtfStruct) typedef.resolve()));
    }

    @Test
    void recordTypeFoundThroughTheReserveAndSubmitHelpersOfACompatHeader() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("wrappers/opens.bpf.c"));

        assertEquals(List.of(new EventStream("events", "ringbuf", "struct event")), pkg.outputs().events());
        BtfStruct event = btf(pkg).byName("event", BtfStruct.class).orElseThrow();
        assertEquals(List.of("pid __u32 @0", "flags int @4", "comm char[16] @8"), members(event));
    }

    @Test
    void recordTypeFoundThroughAHelperPassingItsDataToPerfEventOutput() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("perf_helper.bpf.c"));

        assertEquals(List.of(new EventStream("samples", "perf", "struct sample")), pkg.outputs().events());
        assertEquals(List.of("pid unsigned int @0", "cpu unsigned int @4"),
                members(btf(pkg).byName("sample", BtfStruct.class).orElseThrow()));
    }

    @Test
    void theEventOptionChoosesTheRecordType() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("perf_helper.bpf.c")
                .withEventType(EventTypeOverride.parse("samples=struct sample")));
        assertEquals(List.of(new EventStream("samples", "perf", "struct sample")), pkg.outputs().events());

        CompilationFailedException typedef = assertThrows(CompilationFailedException.class, () -> TracerBuilder.build(
                BuildFixtures.request("perf_helper.bpf.c").withEventType(EventTypeOverride.parse("samples=nope_t"))));
        assertTrue(typedef.diagnostics().startsWith("--event samples=nope_t:1:1: error: unknown type name 'nope_t'"),
                typedef.diagnostics());
        BuildException struct = assertThrows(BuildException.class, () -> TracerBuilder.build(BuildFixtures
                .request("perf_helper.bpf.c").withEventType(EventTypeOverride.parse("samples=struct nope"))));
        assertEquals("--event samples=struct nope: record type 'struct nope' of map 'samples' is not in the "
                + "object's BTF: it must be a struct, union, enum or typedef defined at file scope",
                struct.getMessage());
    }

    @Test
    void kfuncsOfTheRunningKernelAreDeclaredByTheGeneratedVmlinuxH() {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                Btf.vmlinux().byName("bpf_task_from_pid", dev.polytrace.bpf.btf.BtfFunc.class).isPresent(),
                "this kernel has no bpf_task_from_pid kfunc");
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("kfunc.bpf.c"));

        assertEquals(List.of(new EventStream("kills", "ringbuf", "struct kill_event")), pkg.outputs().events());
        ElfFile elf = ElfFile.parse(pkg.object().elf(), "kfunc");
        assertTrue(elf.symbols().stream().anyMatch(sym -> sym.name().equals("bpf_task_from_pid")),
                "the call is an extern for libbpf to resolve against the kernel");
    }

    @Test
    void uprobeMacrosOfANewerLibbpfBuildWithTheInstalledOne() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("uprobe.bpf.c"));

        assertEquals(List.of("on_readline uprobe", "on_readline_return uretprobe"),
                pkg.programs().stream().map(p -> p.name() + " " + p.section()).toList());
    }

    @Test
    void definesReachClang() {
        CompilationFailedException without = assertThrows(CompilationFailedException.class,
                () -> TracerBuilder.build(BuildFixtures.request("defines.bpf.c")));
        assertTrue(without.diagnostics().contains("error: \"build with -D THRESHOLD=N\""), without.diagnostics());

        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("defines.bpf.c")
                .withDefine(Define.parse("THRESHOLD=42")).withDefine(Define.parse("UNUSED")));
        assertEquals(List.of("threshold=42"),
                pkg.params().stream().map(p -> p.name() + "=" + p.defaultValue()).toList());
    }

    @Test
    void aMissingIncludeDirIsNamed() {
        BuildException e = assertThrows(BuildException.class, () -> TracerBuilder.build(
                BuildFixtures.request("local_header.bpf.c").withIncludeDir(java.nio.file.Path.of("/nonexistent"))));
        assertEquals("-I /nonexistent: no such directory", e.getMessage());
    }

    @Test
    void withoutTheIncludeDirClangSaysWhichHeaderIsMissing() {
        CompilationFailedException e = assertThrows(CompilationFailedException.class,
                () -> TracerBuilder.build(BuildFixtures.request("local_header.bpf.c")));
        assertTrue(e.diagnostics().contains("local_header.bpf.c:4:10: fatal error: 'shared_event.h' file not found"),
                e.diagnostics());
        assertFalse(e.diagnostics().contains("In file included from"), "the wrapper stays invisible: "
                + e.diagnostics());
    }

    @Test
    void overridesAndHandler() {
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("exec.bpf.c").withName("execs")
                .withDescription("custom").withVersion("2.1.0").withHandler(BuildFixtures.resource("exec.js")));

        assertEquals("execs", pkg.name());
        assertEquals("custom", pkg.description());
        assertEquals("2.1.0", pkg.version());
        PackageHandler handler = pkg.handler().orElseThrow();
        assertEquals("js", handler.language());
        assertEquals("exec.js", handler.fileName());
        assertTrue(handler.source().contains("function onEvent(event, ctx)"));
    }

    @Test
    void aHandlerOfUnknownLanguageIsRefusedBeforeCompiling() {
        BuildException e = assertThrows(BuildException.class, () -> TracerBuilder.build(
                BuildFixtures.request("exec.bpf.c").withHandler(BuildFixtures.resource("exec.bpf.c"))));
        assertTrue(e.getMessage().endsWith("exec.bpf.c: unknown language; use a .js, .mjs or .py file"),
                e.getMessage());
    }

    @Test
    void thePackageIsReadBackByThePackageReader() {
        TracerPackage built = TracerBuilder.build(BuildFixtures.request("histogram.bpf.c"));
        TracerPackage read = PackageReader.read(PackageWriter.write(built), "histogram.tracer.json");

        assertEquals(built.outputs(), read.outputs());
        assertEquals(built.programs(), read.programs());
        assertEquals(built.params(), read.params());
        assertEquals(built.object().sha256(), read.object().sha256());
    }

    @Test
    void dwarfIsStrippedButBtfKept() {
        org.junit.jupiter.api.Assumptions.assumeTrue(new ExternalTool("llvm-strip", "llvm-strip", "").isAvailable(),
                "llvm-strip is not installed: objects keep their DWARF");
        TracerPackage pkg = TracerBuilder.build(BuildFixtures.request("exec.bpf.c"));
        ElfFile elf = ElfFile.parse(pkg.object().elf(), "exec");

        assertTrue(elf.section(".BTF").isPresent() && elf.section(".BTF.ext").isPresent());
        assertTrue(elf.sections().stream().noneMatch(s -> s.name().startsWith(".debug_")),
                elf.sections().stream().map(s -> s.name()).toList().toString());
        assertTrue(pkg.object().size() < 100_000, "without DWARF from vmlinux.h: " + pkg.object().size());
    }

    @Test
    void hiddenGlobalsAreThoseOfBssAndDataAndNoParams(@TempDir Path dir) throws IOException {
        Path source = dir.resolve("hide.bpf.c");
        String program = """
                #include <linux/bpf.h>
                #include <bpf/bpf_helpers.h>
                /// @hidden
                __u64 seen = 0;
                /// @hidden
                %s
                SEC("tp/sched/sched_process_exec")
                int handle(void *ctx) { seen++; return limit; }
                char LICENSE[] SEC("license") = "GPL";
                """;
        Files.writeString(source, program.formatted("__u32 limit = 3;"));
        TracerPackage pkg = TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain()));
        assertEquals(List.of("seen", "limit"), pkg.outputs().hidden());
        assertEquals(List.of(), pkg.params(), "a hidden global is bookkeeping, not a setting");

        Files.writeString(source, program.formatted("const volatile __u32 limit = 3;"));
        BuildException rodata = assertThrows(BuildException.class,
                () -> TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain())));
        assertEquals("hide.bpf.c:5: @hidden is above 'limit', which is not a non-static global of the compiled "
                + "object's .bss or .data (only those are printed when a run ends)", rodata.getMessage());
    }

    @Test
    void compiledForBpfV3UnlessMcpuSaysOtherwise() {
        TracerPackage v3 = TracerBuilder.build(BuildFixtures.request("bounded.bpf.c"));
        TracerPackage v1 = TracerBuilder.build(BuildFixtures.request("bounded.bpf.c").withCpu(BpfCpu.V1));

        assertTrue(jmp32Instructions(v3) > 0, "the u32 bounds check is a 32-bit jump, which only v3 has");
        assertEquals(0, jmp32Instructions(v1));
        assertEquals(BpfCpu.V2, BpfCpu.parse("v2"));
        assertEquals(BpfCpu.PROBE, BpfCpu.parse("probe"));
        assertEquals("--mcpu 'V3': expected v1, v2, v3, v4 or probe",
                assertThrows(BuildException.class, () -> BpfCpu.parse("V3")).getMessage());
    }

    /** Instructions of class BPF_JMP32 (the low 3 bits of the opcode are 6) in the object's code. */
    private static long jmp32Instructions(TracerPackage pkg) {
        ElfFile elf = ElfFile.parse(pkg.object().elf(), pkg.name());
        long count = 0;
        for (var section : elf.sections()) {
            if (!section.isExecutable()) {
                continue;
            }
            byte[] code = elf.sectionData(section).orElseThrow();
            for (int i = 0; i + 8 <= code.length; i += 8) {
                count += (code[i] & 0x07) == 0x06 ? 1 : 0;
            }
        }
        return count;
    }

    static Btf btf(TracerPackage pkg) {
        return Btf.fromElf(ElfFile.parse(pkg.object().elf(), pkg.name()));
    }

    /** "name type @byteOffset" per member. */
    static List<String> members(BtfStruct struct) {
        return struct.members().stream().map((BtfMember m) -> m.name() + " " + m.type().cName() + " @"
                + m.byteOffset()).toList();
    }
}
