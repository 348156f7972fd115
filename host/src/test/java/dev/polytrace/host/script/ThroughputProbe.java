package dev.polytrace.host.script;

import java.time.Duration;
import java.util.Locale;

/**
 * Events per second through a JS and a Python handler that read two fields of each event and
 * aggregate them. One producer thread keeps the handler's queue between 30,000 and 31,000 events:
 * the handler is never idle and the producer, unlike a flooding one, leaves the CPU to the handler
 * and to the Graal compiler (on two CPUs a flooding producer starves the JIT, so guest code stays
 * interpreted). Run by {@link HandlerThroughputTest} interpreted, and by hand with the JIT:
 * <pre>
 * java -XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI --upgrade-module-path=host/target/jit/... \
 *      -cp ... dev.polytrace.host.script.ThroughputProbe 20
 * </pre>
 */
public final class ThroughputProbe {
    static final String JS = """
            let total = 0;
            const byComm = new Map();
            export function onEvent(event, ctx) {
              total += event.pid;
              byComm.set(event.comm, (byComm.get(event.comm) || 0) + 1);
            }
            export function onExit(ctx) { return byComm.size; }
            """;
    static final String PY = """
            total = 0
            by_comm = {}
            def on_event(event, ctx):
                global total
                total += event.pid
                by_comm[event.comm] = by_comm.get(event.comm, 0) + 1
            def on_exit(ctx):
                return len(by_comm)
            """;

    private ThroughputProbe() {
    }

    /** A measured rate. */
    record Rate(String handler, long handled, long dropped, double seconds) {
        double perSecond() {
            return handled / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s: %,.0f events/s (%d handled, %d dropped in %.1f s)", handler,
                    perSecond(), handled, dropped, seconds);
        }
    }

    /** Feeds the handler for {@code warmUp} (not counted), then measures for {@code measure}. */
    static Rate measure(String file, String source, Duration warmUp, Duration measure) {
        HandlerOptions options = HandlerOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))
                .withStartTimeout(Duration.ofSeconds(60)).withInterval(Duration.ZERO).withQueue(65_536, 256);
        HandlerHarness h = HandlerHarness.start(file, source, options);
        try {
            feed(h, warmUp);
            long handled0 = h.sink.report().handled();
            long dropped0 = h.sink.report().dropped();
            long t0 = System.nanoTime();
            feed(h, measure);
            double seconds = (System.nanoTime() - t0) / 1e9;
            HandlerReport r = h.sink.report();
            return new Rate(file, r.handled() - handled0, r.dropped() - dropped0, seconds);
        } finally {
            h.close();
        }
    }

    private static void feed(HandlerHarness h, Duration period) {
        long end = System.nanoTime() + period.toNanos();
        int pid = 1;
        while (System.nanoTime() < end) {
            HandlerReport r = h.sink.report();
            if (r.received() - r.handled() - r.dropped() > 30_000) {
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
                continue;
            }
            for (int i = 0; i < 1000; i++) {
                h.send(pid++, (pid & 7) == 0 ? "bash" : "sshd");
            }
        }
    }

    public static void main(String[] args) {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Duration warmUp = Duration.ofSeconds(seconds);
        Duration measure = Duration.ofSeconds(Math.max(2, seconds / 2));
        System.out.println(measure("probe.js", JS, warmUp, measure));
        System.out.println(measure("probe.py", PY, warmUp, measure));
        System.exit(0);
    }
}
