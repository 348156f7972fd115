package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A long stream through a handler that aggregates it (what a busy tracer's handler does): every
 * event reaches it once and what it computed is exact. The producer never lets the queue
 * overflow, so nothing may be dropped. Rates are measured by bench/ (bench/run handlers), not here.
 */
class HandlerStreamTest {
    private static final int EVENTS = 100_000;
    private static final String JS = """
            let total = 0;
            const byComm = new Map();
            export function onEvent(event, ctx) {
              total += event.pid;
              byComm.set(event.comm, (byComm.get(event.comm) || 0) + 1);
            }
            export function onExit(ctx) {
              return {total: total, bash: byComm.get('bash'), sshd: byComm.get('sshd'), comms: byComm.size};
            }
            """;
    private static final String PY = """
            total = 0
            by_comm = {}
            def on_event(event, ctx):
                global total
                total += event.pid
                by_comm[event.comm] = by_comm.get(event.comm, 0) + 1
            def on_exit(ctx):
                return {'total': total, 'bash': by_comm['bash'], 'sshd': by_comm['sshd'], 'comms': len(by_comm)}
            """;

    @Test
    void jsHandlerAggregatesEveryEventOfALongStream() {
        aggregatesEveryEvent("stream.js", JS);
    }

    @Test
    void pythonHandlerAggregatesEveryEventOfALongStream() {
        aggregatesEveryEvent("stream.py", PY);
    }

    private static void aggregatesEveryEvent(String file, String source) {
        HandlerOptions options = HandlerOptions.DEFAULTS.withCallTimeout(Duration.ofSeconds(30))
                .withStartTimeout(Duration.ofSeconds(60)).withInterval(Duration.ZERO).withQueue(65_536, 256);
        HandlerHarness h = HandlerHarness.start(file, source, options);
        long bash = 0;
        for (int pid = 1; pid <= EVENTS; pid++) {
            while (queued(h.runtime.report()) > 30_000) {
                LockSupport.parkNanos(1_000_000L); // the handler thread drains; the queue never fills
            }
            boolean isBash = pid % 8 == 0;
            bash += isBash ? 1 : 0;
            h.send(pid, isBash ? "bash" : "sshd");
        }
        HandlerReport report = h.finish();
        assertEquals(EVENTS, report.handled(), report::toString);
        assertEquals(0, report.dropped() + report.errors() + report.unhandled(), report::toString);
        long sum = (long) EVENTS * (EVENTS + 1) / 2;
        assertEquals(Map.of("total", sum, "bash", bash, "sshd", EVENTS - bash, "comms", 2L), report.exitState());
    }

    private static long queued(HandlerReport r) {
        return r.received() - r.settled() - r.dropped();
    }
}
