package dev.polytrace.bench;

import dev.polytrace.bpf.BpfObject;
import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.RingBufferReader;
import dev.polytrace.bpf.WakeupPolicy;
import dev.polytrace.host.system.ThreadCpu;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The Java consumer of the ring-buffer benchmark (bench/README.md): the same steps, filter, stop
 * rule and RESULT line as bench/c/ringbuf_ref.c, reading with {@link RingBufferReader} in place (one view moved
 * over the ring, as the host reads, rather than a view allocated per record).
 *
 * <p>{@code -Dbench.maxLatencyMicros=N} overrides the reader's wake-up policy (0 = eager), for
 * comparing policies; by default the reader's default policy is measured.
 */
public final class RingbufConsumer {
    private static final int EVENT_SIZE = 64;
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(100);
    // Shorter than the synthetic ring's quiet spells, so the warm-up meets empty polls too.
    private static final Duration WARM_UP_POLL_TIMEOUT = Duration.ofMillis(1);
    private static final long IDLE_AFTER_EXIT_NANOS = 2_000_000_000L;

    private final BenchArgs args;
    private final ProcessCpuClock cpu = new ProcessCpuClock();
    private long delivered;
    private long badSize;
    private long nonEmptyPolls;

    /** What the kernel counted, read once the workload has exited. */
    private record KernelCounts(long drops, long produced) {
    }

    private RingbufConsumer(BenchArgs args) {
        this.args = args;
    }

    public static void main(String[] argv) {
        BenchArgs args = BenchArgs.parseOrExit("RingbufConsumer", argv);
        try {
            System.exit(new RingbufConsumer(args).run());
        } catch (Exception e) {
            System.err.println("RingbufConsumer: " + e.getMessage());
            System.exit(1);
        }
    }

    private void onRecord(ByteBuffer record) {
        if (record.remaining() != EVENT_SIZE) { // in place: the record is position..limit
            badSize++;
        }
        delivered++;
    }

    /** Spawns the workload held, loads with its pid as target_tgid, attaches, then measures. */
    private int run() throws Exception {
        try (Workload workload = Workload.spawnHeld(args.workload(), args.calls());
                OpenBpfObject open = OpenBpfObject.open(args.object())) { // closing it after load is a no-op
            open.variables().get("records_per_call").setLong(args.recordsPerCall());
            open.variables().get("target_tgid").setLong(workload.pid());
            try (BpfObject object = open.load();
                    RingBufferReader reader = RingBufferReader.open(object.map("events"), policy())) {
                object.attachAll();
                return measure(object, reader, workload);
            }
        }
    }

    private int measure(BpfObject object, RingBufferReader reader, Workload workload) throws Exception {
        RingBufferReader.RecordHandler handler = this::onRecord;
        warmUp(object, handler, workload);
        // The diagnostic's first reading loads and links its own classes: outside the measured CPU.
        ThreadCpu t0Threads = ThreadCpu.now();
        Interval interval = new Interval(object, reader, POLL_TIMEOUT, handler, workload);
        workload.release();
        while (!interval.step()) {
            // one poll per step: a method of its own, so the JIT compiles it (this loop runs ~10^4 times)
        }
        interval.finish();
        // Where the consumer's CPU went: the reader thread ("rest") against the JVM's own threads.
        System.err.println("RingbufConsumer: threads' " + ThreadCpu.now().minus(t0Threads)
                + " from the workload's start to the end");
        int status = workload.exitCode();
        OptionalDouble wall = workload.wallSeconds();
        boolean valid = report(status, wall, interval.expected, interval.counts.produced());
        System.out.printf(Locale.ROOT, "RESULT consumer=%s mode=%s delivered=%d drops=%d workload_wall_s=%.3f"
                + " consumer_cpu_s=%.3f span_s=%.3f%n", args.name(), args.mode(), delivered, interval.counts.drops(),
                wall.orElse(0), interval.lastCpu - interval.t0Cpu, (interval.lastWall - interval.t0Wall) / 1e9);
        System.out.flush();
        return valid ? 0 : 1;
    }

    /**
     * Runs this consumer's own polling loop on a synthetic ring first ({@code -Dbench.warmUpMillis},
     * 3000; 0 for none), so that its JIT compilation is start-up, outside the measured interval,
     * as the C consumer's compilation is; the counters start from zero afterwards. The workload
     * is still held, so the loop takes the branches it takes while the workload runs.
     */
    private void warmUp(BpfObject object, RingBufferReader.RecordHandler handler, Workload workload) {
        long millis = Long.getLong("bench.warmUpMillis", 3000);
        if (millis <= 0) {
            return;
        }
        long polls = 0;
        try (RingBufferReader synthetic = RingBufferReader.synthetic(policy(), object.map("events").maxEntries(),
                EVENT_SIZE)) {
            Interval loop = new Interval(object, synthetic, WARM_UP_POLL_TIMEOUT, handler, workload);
            long deadline = System.nanoTime() + millis * 1_000_000;
            while (System.nanoTime() < deadline) {
                loop.step();
                polls++;
            }
        }
        System.err.printf(Locale.ROOT, "RingbufConsumer: warm-up: %d synthetic records in %d polls, %d ms%n",
                delivered, polls, millis);
        delivered = 0;
        badSize = 0;
        nonEmptyPolls = 0;
    }

    /** The measured interval: from the workload's release to the last record (or 2 s of quiet after its exit). */
    private final class Interval {
        private final BpfObject object;
        private final RingBufferReader reader;
        private final Duration pollTimeout;
        private final RingBufferReader.RecordHandler handler;
        private final Workload workload;
        private final long t0Wall = System.nanoTime();
        private final double t0Cpu = cpu.seconds();
        private long lastWall = t0Wall;
        private double lastCpu = t0Cpu;
        private boolean cpuDirty;
        private long exitWall;
        private long expected;
        private KernelCounts counts;

        Interval(BpfObject object, RingBufferReader reader, Duration pollTimeout, RingBufferReader.RecordHandler handler,
                Workload workload) {
            this.object = object;
            this.reader = reader;
            this.pollTimeout = pollTimeout;
            this.handler = handler;
            this.workload = workload;
        }

        /** One poll; true once the consumer should stop. */
        boolean step() {
            if (reader.pollInPlace(pollTimeout, handler) > 0) {
                // CPU time is sampled lazily, as in the C consumer: at the next empty poll.
                lastWall = System.nanoTime();
                cpuDirty = true;
                nonEmptyPolls++;
            } else if (cpuDirty) {
                lastCpu = cpu.seconds();
                cpuDirty = false;
            }
            if (counts == null && workload.hasExited()) {
                exitWall = System.nanoTime();
                counts = new KernelCounts(object.variables().get("drops").longValue(),
                        object.variables().get("produced").longValue());
                expected = Math.max(0, args.calls() * args.recordsPerCall() - counts.drops());
            }
            return counts != null && (delivered >= expected
                    || System.nanoTime() - Math.max(lastWall, exitWall) >= IDLE_AFTER_EXIT_NANOS);
        }

        void finish() {
            if (cpuDirty) {
                lastCpu = cpu.seconds();
            }
        }
    }

    private static WakeupPolicy policy() {
        String micros = System.getProperty("bench.maxLatencyMicros");
        return micros == null ? WakeupPolicy.defaultPolicy()
                : WakeupPolicy.batching(Duration.ofNanos(Long.parseLong(micros) * 1000));
    }

    /** Explains on stderr what went wrong, if anything; whether the run checks out (its figure counts). */
    private boolean report(int status, OptionalDouble wall, long expected, long produced) {
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
        System.err.printf(Locale.ROOT, "RingbufConsumer: %d records in %d non-empty polls (%.1f per wake-up),"
                + " kernel produced %d, policy %s%n", delivered, nonEmptyPolls,
                nonEmptyPolls == 0 ? 0.0 : (double) delivered / nonEmptyPolls, produced, policy());
        if (badSize > 0) {
            System.err.printf("RingbufConsumer: %d records had a size other than %d%n", badSize, EVENT_SIZE);
        }
        return status == 0 && wall.isPresent() && delivered == expected && produced == expected && badSize == 0;
    }
}
