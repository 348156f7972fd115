package dev.polytrace.samples;

import dev.polytrace.bpf.BpfMap;
import dev.polytrace.bpf.MapEntry;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfType;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import dev.polytrace.host.tracer.RunningTracer;
import dev.polytrace.host.tracer.TracerRequest;
import dev.polytrace.script.codec.BtfCodec;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * polytrace used as a library: the js-tracer sample's kernel side, with its handler written in
 * Java as an {@link EventSink} instead of JavaScript.
 *
 * <pre>
 * java -cp CLASSPATH dev.polytrace.samples.EmbeddedTracer [hello.tracer.json] [seconds] [target_pid]
 * </pre>
 *
 * Without a package argument it builds {@code samples/js-tracer/hello.bpf.c} (found from the
 * current directory, the repository root or {@code samples/}).
 */
public final class EmbeddedTracer {
    private EmbeddedTracer() {
    }

    /**
     * What one run saw.
     *
     * @param eventsByComm ring-buffer events counted by the Java sink, by command name
     * @param callsByPid   the {@code calls} hash map read from the kernel at the end, decoded from BTF
     */
    public record Result(Map<String, Long> eventsByComm, Map<Long, Long> callsByPid) {
    }

    /** Builds the js-tracer sample's package (object and JS handler) from {@code samplesDir/js-tracer}. */
    public static TracerPackage buildHello(Path samplesDir) {
        Path dir = samplesDir.resolve("js-tracer");
        return TracerBuilder.build(BuildRequest.of(dir.resolve("hello.bpf.c")).withHandler(dir.resolve("hello.js")));
    }

    /**
     * Starts {@code pkg}, counts its events per comm for {@code duration}, printing each new comm,
     * then reads the {@code calls} map, prints its decoded entries and closes the tracer.
     */
    public static Result trace(TracerPackage pkg, RunOptions options, Duration duration, PrintStream out)
            throws InterruptedException {
        Map<String, Long> byComm = new ConcurrentHashMap<>();
        EventSink sink = new EventSink() {
            @Override
            public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
                String comm = String.valueOf(event.get("comm"));
                long n = byComm.merge(comm, 1L, Long::sum);
                if (n == 1) {
                    out.printf("first event from %s (pid %s)%n", comm, event.get("pid"));
                }
            }

            @Override
            public void onSample(String map, String rendered) {
                out.println(rendered);
            }

            @Override
            public void onLost(String stream, long count) {
                out.printf("lost %d events of %s%n", count, stream);
            }
        };
        // The Java sink takes the place of the package's JS handler.
        TracerRequest request = TracerRequest.of(pkg, options, sink).withHandler(Optional.empty());
        try (RunningTracer tracer = RunningTracer.start(request)) {
            Thread.sleep(duration.toMillis());
            // events keep arriving while the map is read: counting them first means every counted
            // event is already in the map (the kernel side counts a call before it submits its event)
            Map<String, Long> seen = Map.copyOf(byComm);
            Map<Long, Long> calls = readCalls(tracer.object().map("calls"), tracer.object().btf());
            out.println("events by comm: " + new TreeMap<>(seen));
            calls.forEach((pid, count) -> out.printf("calls[pid %d] = %d%n", pid, count));
            return new Result(seen, calls);
        }
    }

    /** Every entry of the {@code calls} map, key and value decoded through the object's BTF. */
    static Map<Long, Long> readCalls(BpfMap map, Btf btf) {
        BtfCodec codec = new BtfCodec();
        BtfType keyType = btf.type(map.btfKeyTypeId());
        BtfType valueType = btf.type(map.btfValueTypeId());
        Map<Long, Long> calls = new LinkedHashMap<>();
        for (MapEntry e : map.entries()) {
            Object key = codec.decode(keyType, e.key());
            Object value = codec.decode(valueType, e.value());
            calls.put(((Number) key).longValue(), ((Number) value).longValue());
        }
        return calls;
    }

    public static void main(String[] args) throws InterruptedException {
        TracerPackage pkg = args.length > 0 && !args[0].isEmpty()
                ? PackageSources.load(args[0])
                : buildHello(samplesDir());
        Duration duration = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 5);
        RunOptions options = args.length > 2
                ? new RunOptions(Map.of("target_pid", args[2]), Map.of())
                : RunOptions.DEFAULTS;
        System.out.printf("tracing getppid() for %ds...%n", duration.toSeconds());
        trace(pkg, options, duration, System.out);
    }

    private static Path samplesDir() {
        Path cwd = Path.of("").toAbsolutePath();
        for (Path candidate : new Path[] {cwd, cwd.resolve("samples")}) {
            if (candidate.resolve("js-tracer/hello.bpf.c").toFile().isFile()) {
                return candidate;
            }
        }
        throw new IllegalStateException("run from the repository root or samples/, or pass a .tracer.json");
    }
}
