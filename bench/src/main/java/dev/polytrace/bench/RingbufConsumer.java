package dev.polytrace.bench;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.RingBufferReader;
import dev.polytrace.bpf.WakeupPolicy;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The Java consumer of the ring-buffer benchmark (bench/README.md): the same steps, stop rule
 * and RESULT line as bench/c/ringbuf_ref.c, reading with {@link RingBufferReader}.
 *
 * <p>{@code -Dbench.maxLatencyMicros=N} overrides the reader's wake-up policy (0 = eager), for
 * comparing policies; by default the reader's default policy is measured.
 */
public final class RingbufConsumer {
    private static final int EVENT_SIZE = 64;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    private static final long IDLE_AFTER_EXIT_NANOS = 2_000_000_000L;

    private long delivered;
    private long badSize;

    private RingbufConsumer() {
    }

    public static void main(String[] argv) {
        BenchArgs args;
        try {
            args = BenchArgs.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println("RingbufConsumer: " + e.getMessage());
            System.err.println(BenchArgs.USAGE);
            System.exit(2);
            return;
        }
        try {
            System.exit(new RingbufConsumer().run(args));
        } catch (Exception e) {
            System.err.println("RingbufConsumer: " + e.getMessage());
            System.exit(1);
        }
    }

    private void onRecord(ByteBuffer record) {
        if (record.limit() != EVENT_SIZE) {
            badSize++;
        }
        delivered++;
    }

    private int run(BenchArgs args) throws Exception {
        ProcessCpuClock cpu = new ProcessCpuClock();
        OpenBpfObject open = OpenBpfObject.open(args.object());
        open.variables().get("records_per_call").setLong(args.recordsPerCall());
        try (BpfObject object = open.load();
                RingBufferReader reader = RingBufferReader.open(object.map("events"), policy())) {
            object.attachAll();
            RingBufferReader.RecordHandler handler = this::onRecord;

            long t0Wall = System.nanoTime();
            double t0Cpu = cpu.seconds();
            long lastWall = t0Wall;
            double lastCpu = t0Cpu;
            boolean cpuDirty = false;
            long exitWall = 0;
            long drops = 0;
            long produced = 0;
            long expected = 0;
            boolean exited = false;
            try (Workload workload = Workload.start(args.workload(), args.calls())) {
                while (true) {
                    if (reader.poll(POLL_TIMEOUT, handler) > 0) {
                        // CPU time is sampled lazily, as in the C consumer: at the next empty poll.
                        lastWall = System.nanoTime();
                        cpuDirty = true;
                    } else if (cpuDirty) {
                        lastCpu = cpu.seconds();
                        cpuDirty = false;
                    }
                    if (!exited && workload.hasExited()) {
                        exited = true;
                        exitWall = System.nanoTime();
                        drops = object.variables().get("drops").longValue();
                        produced = object.variables().get("produced").longValue();
                        expected = Math.max(0, args.calls() * args.recordsPerCall() - drops);
                    }
                    if (exited && (delivered >= expected
                            || System.nanoTime() - Math.max(lastWall, exitWall) >= IDLE_AFTER_EXIT_NANOS)) {
                        break;
                    }
                }
                if (cpuDirty) {
                    lastCpu = cpu.seconds();
                }
                int status = workload.exitCode();
                OptionalDouble wall = workload.wallSeconds();
                report(args, status, wall, expected, produced);
                System.out.printf(Locale.ROOT, "RESULT consumer=%s mode=%s delivered=%d drops=%d workload_wall_s=%.3f"
                        + " consumer_cpu_s=%.3f span_s=%.3f%n", args.name(), args.mode(), delivered, drops,
                        wall.orElse(0), lastCpu - t0Cpu, (lastWall - t0Wall) / 1e9);
                System.out.flush();
                if (System.getenv("PT_DEBUG") != null) {
                    try (var st = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
                        st.forEach(t -> { try { String x = java.nio.file.Files.readString(t.resolve("stat")); String comm = x.substring(x.indexOf('(')+1, x.lastIndexOf(')')); String[] f = x.substring(x.lastIndexOf(')')+2).split(" "); long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); if (ticks > 0) System.err.println("THREAD " + comm + " " + ticks*10 + "ms"); } catch (Exception e) {} });
                    }
                }
                return status == 0 && wall.isPresent() ? 0 : 1;
            }
        } finally {
            // OpenBpfObject's Cleaner frees the libbpf object when it becomes unreachable, even
            // after load() handed it to the BpfObject: keep it reachable while the object is used.
            Reference.reachabilityFence(open);
        }
    }

    private static WakeupPolicy policy() {
        String micros = System.getProperty("bench.maxLatencyMicros");
        return micros == null ? WakeupPolicy.defaultPolicy()
                : WakeupPolicy.batching(Duration.ofNanos(Long.parseLong(micros) * 1000));
    }

    private void report(BenchArgs args, int status, OptionalDouble wall, long expected, long produced) {
        if (status != 0) {
            System.err.println("RingbufConsumer: workload failed (exit " + status + ")");
        }
        if (wall.isEmpty()) {
            System.err.println("RingbufConsumer: workload printed no workload_wall_s");
        }
        if (delivered != expected || produced != expected) {
            System.err.printf("RingbufConsumer: expected %d records (N*K - drops), kernel produced %d, delivered %d%n",
                    expected, produced, delivered);
        }
        if (badSize > 0) {
            System.err.printf("RingbufConsumer: %d records had a size other than %d%n", badSize, EVENT_SIZE);
        }
    }
}
