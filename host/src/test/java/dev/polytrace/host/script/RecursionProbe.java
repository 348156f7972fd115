package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageOptions;

/**
 * Run by {@link RunawayHandlerTest} in a JVM started with the launcher's {@code -Xss8m}: JS and
 * Python handlers recurse without end on each of three events, under the package defaults (a
 * 1000 ms budget on the system clock, {@code continue}). Prints, per language, what the handler's
 * report says and the longest time from an event's start to its error.
 */
public final class RecursionProbe {
    private static final String JS = """
            function down(k) { return down(k + 1) + 1; }
            export function onEvent(event, ctx) { ctx.log.info('running away'); down(0); }
            """;
    private static final String PY = """
            def down(k):
                return down(k + 1) + 1
            def on_event(event, ctx):
                ctx.log.info('running away')
                down(0)
            """;

    private RecursionProbe() {
    }

    public static void main(String[] args) {
        probe("js", "deep.js", JS);
        probe("py", "deep.py", PY);
        System.out.println("done");
        System.exit(0);
    }

    private static void probe(String key, String file, String source) {
        HandlerHarness h = HandlerHarness.start(file, source, HandlerOptions.from(PackageOptions.DEFAULTS));
        for (int pid = 1; pid <= 3; pid++) {
            h.send(pid, "deep");
        }
        h.awaitHandled(3);
        HandlerReport report = h.finish();
        long slowest = 0;
        for (int k = 1; k <= 3; k++) {
            long start = h.log.loggedAt(Runaways.RUNNING_AWAY::equals, k);
            long failed = h.log.loggedAt(line -> line.startsWith("ERROR " + file), k);
            slowest = Math.max(slowest, (failed - start) / 1_000_000);
        }
        System.out.println(key + ".errors=" + report.errors());
        System.out.println(key + ".rebuilds=" + report.rebuilds());
        System.out.println(key + ".stopCause=" + report.stopCause());
        System.out.println(key + ".firstError=" + report.firstError());
        System.out.println(key + ".slowestMillis=" + slowest);
    }
}
