package dev.polytrace.host.script;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Run in a JVM of its own with a small heap by {@link MemoryContainmentTest}: a bystander handler
 * runs while another handler's first event allocates without bound, keeping what it allocates in
 * module state; then the bomb gets a second event. Prints what happened as {@code key=value}
 * lines. The heap is shared by the whole JVM (GraalVM CE has no per-context limit), so this cannot
 * run inside the test JVM.
 */
public final class AllocationBomb {
    private static final String JS_BOMB = """
            const hoard = [];
            export function onEvent(event, ctx) {
              if (event.pid === 1) { for (;;) { hoard.push(new Array(1 << 20).fill(event.pid)); } }
              ctx.emit({pid: event.pid, hoard: hoard.length});
            }
            """;
    private static final String PY_BOMB = """
            hoard = []
            def on_event(event, ctx):
                if event.pid == 1:
                    while True:
                        hoard.append([event.pid] * (1 << 20))
                ctx.emit({'pid': event.pid, 'hoard': len(hoard)})
            """;
    private static final String BYSTANDER = """
            let n = 0;
            export function onEvent(event, ctx) { n++; }
            export function onExit(ctx) { return n; }
            """;

    private AllocationBomb() {
    }

    /** {@code args}: the bomb's file name (bomb.js, bomb.py), and "continue" or "stop". */
    public static void main(String[] args) {
        // Should the heap run out in a thread other than the bomb's, the output says which.
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> System.out.println("uncaught=" + thread.getName()
                + ": " + e));
        String bombFile = args[0];
        HandlerOptions patient = HandlerHarness.patientOptions();
        HandlerHarness bystander = HandlerHarness.start("bystander.js", BYSTANDER, patient);
        HandlerHarness bomb = HandlerHarness.start(bombFile, bombFile.endsWith(".py") ? PY_BOMB : JS_BOMB,
                patient.withStopOnError(args[1].equals("stop")));
        bomb.send(1, "bomb");
        int sent = 0;
        while (sent < 200 && bomb.runtime.report().errors() == 0) { // the bystander is fed meanwhile
            bystander.send(++sent, "calm");
            HandlerLifecycleTest.sleep(100);
        }
        bomb.send(2, "after");
        bomb.awaitHandled(2);
        HandlerReport bombReport = bomb.finish();
        System.out.println("bomb.error=" + bombReport.firstError());
        System.out.println("bomb.stopCause=" + bombReport.stopCause());
        System.out.println("bomb.rebuilds=" + bombReport.rebuilds());
        System.out.println("bomb.records=" + bomb.output.records());
        System.gc(); // what the stopped context held must be free now, not just later
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        System.out.println("heap.percentUsedAfterBomb=" + heap.getUsed() * 100 / heap.getMax());
        bystander.awaitHandled(sent);
        for (int i = 0; i < 50; i++) {
            bystander.send(++sent, "after");
        }
        bystander.awaitHandled(sent);
        HandlerReport calm = bystander.finish();
        System.out.println("bystander.errors=" + calm.errors());
        System.out.println("bystander.report=" + calm);
        System.out.println("bystander.sent=" + sent);
        System.out.println("bystander.handled=" + calm.handled());
        HandlerHarness fresh = HandlerHarness.start("fresh.js", BYSTANDER, patient);
        fresh.send(1, "fresh");
        fresh.awaitHandled(1);
        System.out.println("fresh.state=" + fresh.finish().exitState());
        System.out.println("done");
        System.exit(0);
    }
}
