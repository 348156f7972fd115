package dev.polytrace.host.script;

/**
 * Handlers of the runaway tests: each counts its events in module state ({@code n}) and emits
 * {@code {pid, n}}, except event 2, which logs "running away" and then runs the given code. An
 * {@code n} that goes on counting after event 2 shows the same context handled the next event; one
 * that starts again at 1 shows a rebuilt one.
 */
final class Runaways {
    static final String RUNNING_AWAY = "INFO running away";

    static final String JS_LOOP = "while (true) {}";
    static final String PY_LOOP = "while True: pass";
    static final String JS_RECURSION = "down(0);";
    static final String PY_RECURSION = "down(0)";
    /** Longer than any array buffer can be: refused at once. */
    static final String JS_ALLOCATION = "new ArrayBuffer(2 ** 31);";
    /** 2^31 - 2 longs, 16 GB: more than the test JVM's heap, refused at once. */
    static final String PY_ALLOCATION = "hoard = [1 << 40] * ((1 << 31) - 2)";

    private Runaways() {
    }

    /** The file name for {@code language} ("js" or "py"). */
    static String file(String language) {
        return "runaway." + language;
    }

    /** The handler in {@code language} whose event 2 runs {@code js} or {@code py} (one line each). */
    static String source(String language, String js, String py) {
        return language.equals("js") ? js(js) : python(py);
    }

    /** Line 5 runs away, {@code down} recurses on line 1. */
    static String js(String runaway) {
        return """
                function down(k) { return down(k + 1) + 1; }
                let n = 0;
                export function onEvent(event, ctx) {
                  n++;
                  if (event.pid === 2) { ctx.log.info('running away'); %s }
                  ctx.emit({pid: event.pid, n});
                }
                """.formatted(runaway);
    }

    /** Line 9 runs away, {@code down} recurses on line 2. */
    static String python(String runaway) {
        return """
                def down(k):
                    return down(k + 1) + 1
                n = 0
                def on_event(event, ctx):
                    global n
                    n += 1
                    if event.pid == 2:
                        ctx.log.info('running away')
                        %s
                    ctx.emit({'pid': event.pid, 'n': n})
                """.formatted(runaway);
    }

    /** The line the runaway code is on. */
    static int runawayLine(String language) {
        return language.equals("js") ? 5 : 9;
    }

    /** The line {@code down} recurses on. */
    static int recursionLine(String language) {
        return language.equals("js") ? 1 : 2;
    }

    static String onEvent(String language) {
        return language.equals("js") ? "onEvent" : "on_event";
    }
}
