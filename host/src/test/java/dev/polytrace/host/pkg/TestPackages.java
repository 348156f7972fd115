package dev.polytrace.host.pkg;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageOutputs.EventStream;
import dev.polytrace.host.pkg.PackageOutputs.SampledMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** Valid packages built from the compiled test objects, and their documents for mutation tests. */
public final class TestPackages {
    public static final String ORIGIN = "execsnoop.tracer.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestPackages() {
    }

    /** An exec tracer with every optional part set: handler, params, attach target, signature. */
    public static TracerPackage execsnoop() {
        byte[] elf = TestBpfObjects.bytes(TestBpfObjects.EXEC_EVENTS);
        List<PackageParam> params = List.of(
                new PackageParam("min_duration_ns", "unsigned long long", ".rodata", 0L,
                        "minimum process duration to report, in nanoseconds", null),
                new PackageParam("target_pid", "pid_t", ".rodata", 0L, "only trace this process (0 = all)", "pid"),
                new PackageParam("ignore_exit", "bool", ".rodata", false, "", null),
                new PackageParam("comm_prefix", "char[16]", ".rodata", "sh", "", null),
                new PackageParam("dropped", "unsigned long long", ".bss", 0L,
                        "events dropped because the ring buffer was full", null));
        List<PackageProgram> programs = List.of(
                new PackageProgram("handle_exec", "tp/sched/sched_process_exec", Optional.empty()),
                new PackageProgram("handle_exit", "tp/sched/sched_process_exit", Optional.of(
                        new AttachTarget(null, null, null, null, null, null, null, null, null,
                                "sched:sched_process_exit"))));
        PackageOutputs outputs = new PackageOutputs(List.of(new EventStream("rb", "ringbuf", "struct event")),
                List.of(new SampledMap("exec_start", "table", 2000, "", false, 1)));
        return new TracerPackage(TracerPackage.FORMAT_VERSION, "execsnoop", "1.0.0", "Trace process exec and exit",
                PackageObject.of(elf), Optional.of(new PackageHandler("js", "execsnoop.js",
                        "export function onEvent(e) { print(e.comm + ' ' + e.filename); }\n")),
                params, programs, outputs, new PackageOptions(500, 250, "stop", 128, 50),
                Optional.of(new PackageSignature("ed25519", "test-key", "c2lnbmF0dXJl")), ORIGIN);
    }

    /** The smallest valid package: the object and nothing else. */
    public static TracerPackage minimal(String objectName) {
        return new TracerPackage(TracerPackage.FORMAT_VERSION, objectName, "", "",
                PackageObject.of(TestBpfObjects.bytes(objectName)), Optional.empty(), List.of(), List.of(),
                new PackageOutputs(List.of(), List.of()), PackageOptions.DEFAULTS, Optional.empty(), objectName);
    }

    /** The written document as a tree, to break one field at a time. */
    public static ObjectNode document(TracerPackage pkg) {
        try {
            return (ObjectNode) JSON.readTree(PackageWriter.write(pkg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
