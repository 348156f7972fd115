package dev.polytrace.host.repl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.KernelObjects;
import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.bpf.testing.Triggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The REPL over a real tracer on this kernel, in JavaScript, typed into a dumb terminal over pipes:
 * expressions over the tracer's map, every :command, errors that leave the prompt and the tracer
 * alone, and Ctrl-D detaching everything.
 */
@KernelTest
class ReplKernelTest {
    private static final long PID = ProcessHandle.current().pid();

    private static PipedRepl repl() throws Exception {
        PipedRepl repl = new PipedRepl(PipedRepl.options(ReplFixtures.packageFile().toString(),
                ReplFixtures.onlyThisProcess()));
        String banner = repl.start();
        assertTrue(banner.contains("loaded getppid"), banner);
        return repl;
    }

    @Test
    void jsExpressionsReadTheTracersMap() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(5);
            assertEquals("5\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            assertEquals("[" + PID + "]\n", repl.enter("ctx.maps.counts.keys()"));
            assertEquals("[{key: " + PID + ", value: 5}]\n", repl.enter("ctx.maps.counts.entries()"));
            assertEquals(PID + "\n", repl.enter("ctx.params.target_pid"));
            assertEquals("", repl.enter("let seen = {calls: ctx.maps.counts.get(" + PID + "), who: 'me', list: [1, 2]}"));
            assertEquals("{calls: 5, who: \"me\", list: [1, 2]}\n", repl.enter("seen"));
            assertEquals("me\n", repl.enter("seen.who"));
            assertEquals("null\n", repl.enter("ctx.emit({from: 'the prompt', calls: seen.calls})"));
            assertTrue(repl.enter(":events 1 --stream emit").endsWith("  emit  {from: \"the prompt\", calls: 5}\n"));
            assertTrue(repl.enter("ctx.maps.counts").startsWith("map counts (hash"));
        }
    }

    @Test
    void incompleteStatementsContinueOnTheNextLine() throws Exception {
        try (PipedRepl repl = repl()) {
            assertEquals("", repl.enter("function twice(x) {\n  return 2 * x;\n}"));
            assertEquals("42\n", repl.enter("twice(21)"));
            assertEquals("[2, 4]\n", repl.enter("[1,\n 2].map(\n  twice)"));
            assertEquals("3\n", repl.enter("1 +\n2"));
            // wrong whatever follows: reported at once, not answered with a continuation prompt
            String hopeless = repl.enter("this is not valid js (");
            assertTrue(hopeless.startsWith("SyntaxError"), hopeless);
            assertEquals("42\n", repl.enter("twice(21)"));
        }
    }

    @Test
    void anErrorIsOneMessageAndTheTracerKeepsRunning() throws Exception {
        try (PipedRepl repl = repl()) {
            String typeError = repl.enter("null.x");
            assertEquals("TypeError: Cannot read property 'x' of null\n", typeError);
            String noMap = repl.enter("ctx.maps.nosuch.get(1)");
            assertTrue(noMap.startsWith("ctx.maps has no map 'nosuch'"), noMap);
            assertTrue(noMap.contains("counts"), noMap);
            String syntax = repl.enter("a b");
            assertTrue(syntax.startsWith("SyntaxError"), syntax);
            String badKey = repl.enter("ctx.maps.counts.get('not a number')");
            assertTrue(badKey.startsWith("ctx.maps.counts.get key"), badKey);
            for (String answer : new String[] {typeError, noMap, syntax, badKey}) {
                assertFalse(answer.contains("\tat ") || answer.contains("Exception"), answer);
            }
            repl.type("ctx.maps.counts.clear()\u0003"); // Ctrl-C drops the line: nothing is cleared
            repl.awaitPrompt();
            Triggers.getppid(2);
            assertEquals("2\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            assertEquals("unknown command :nope (:help lists them)\n", repl.enter(":nope"));
            String help = repl.enter(":help");
            assertTrue(help.contains(":watch    Redraw a map") && help.contains(":inspect  Show a tracer package"), help);
            assertEquals(":dump [--json] [--top=N] MAP\nA map, decoded and shown as run prints it (--json: its JSON record;"
                    + " --top N: only the N biggest values).\n", repl.enter(":help dump"));
        }
    }

    @Test
    void mapCommandsShowTheDecodedMap() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(3);
            String maps = repl.enter(":maps");
            assertTrue(maps.matches("(?s)NAME\\s+TYPE\\s+KEY\\s+VALUE\\s+ENTRIES\\s+MAX\n.*"), maps);
            assertTrue(maps.matches("(?s).*\ncounts\\s+hash\\s+__u32\\s+__u64\\s+1\\s+1024\n.*"), maps);
            assertTrue(maps.matches("(?s).*\nevents\\s+ringbuf\\s+-\\s+-\\s+-\\s+262144\n.*"), maps);
            String dump = repl.enter(":dump counts");
            int width = Math.max(3, Long.toString(PID).length());
            assertEquals(String.format("%-" + width + "s  VALUE%n%-" + width + "s  3%n", "KEY", PID), dump,
                    "as run prints it");
            assertEquals("{\"map\":\"counts\",\"kind\":\"table\",\"total\":1,\"entries\":[{\"key\":" + PID
                    + ",\"value\":3}]}\n", repl.enter(":dump counts --json"));
            assertTrue(repl.enter(":dump nosuch").startsWith("no map 'nosuch'; maps: counts, events"));
            assertTrue(repl.enter(":dump events").contains("its records are events"));
            String usage = repl.enter(":dump");
            assertTrue(usage.contains("Missing required parameter") && usage.contains(":dump [--json] [--top=N] MAP"),
                    usage);
        }
    }

    @Test
    void setChangesWhatTheProgramDoesWhileItRuns() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(3);
            assertEquals("3\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            String params = repl.enter(":params");
            assertTrue(params.matches("(?s)NAME\\s+TYPE\\s+SECTION\\s+VALUE\\s+CHANGE\\s+HELP\n.*"), params);
            assertTrue(params.matches("(?s).*\ntarget_pid\\s+const volatile __u32\\s+\\.rodata\\s+" + PID
                    + "\\s+fixed at load\\s+only this process \\(0: every process\\)\n.*"), params);
            assertTrue(params.matches("(?s).*\nmuted\\s+__u32\\s+\\.bss\\s+0\\s+:set\\s+while non-zero.*"), params);
            assertEquals("muted = 1\n", repl.enter(":set muted 1"));
            Triggers.getppid(3);
            assertEquals("3\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            assertEquals("1\n", repl.enter("ctx.params.muted"));
            assertEquals("muted = 0\n", repl.enter(":set muted 0"));
            Triggers.getppid(1);
            assertEquals("4\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            String frozen = repl.enter(":set target_pid 1");
            assertTrue(frozen.startsWith("target_pid is in .rodata: fixed at load"), frozen);
            String notANumber = repl.enter(":set muted lots");
            assertTrue(notANumber.startsWith(":set muted lots: not an integer"), notANumber);
        }
    }

    @Test
    void eventsAreBufferedAndFollowedUntilCtrlC() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(4);
            awaitEvents(repl, 4);
            String events = repl.enter(":events 2");
            assertEquals(2, events.lines().count(), events);
            assertTrue(events.lines().allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3}  events  \\{pid: " + PID
                    + ", tid: \\d+, count: [34], comm: \".*\"\\}")), events);
            assertEquals("4\n", repl.enter("events(100).length"));
            assertEquals(PID + "\n", repl.enter("events(1)[0].pid"));

            repl.type(":follow\n");
            repl.awaitText("following getppid (Ctrl-C stops)", Duration.ofSeconds(10));
            Triggers.getppid(1);
            repl.awaitText("count: 5", Duration.ofSeconds(10));
            repl.type("\u0003");
            repl.awaitPrompt();
            assertEquals("5\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
        }
    }

    @Test
    void watchRedrawsTheMapUntilCtrlC() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(2);
            repl.type(":watch counts 100ms\n");
            repl.awaitText("--- counts at", Duration.ofSeconds(10));
            Triggers.getppid(1);
            String screen = repl.awaitText(PID + "  3", Duration.ofSeconds(10));
            assertTrue(screen.contains(PID + "  2"), screen);
            repl.type("\u0003");
            repl.awaitPrompt();
            assertTrue(repl.enter(":watch counts 0s").contains("must be positive"));
        }
    }

    @Test
    void statsReportRatesDropsAndTheHandler() throws Exception {
        try (PipedRepl repl = repl()) {
            Triggers.getppid(3);
            awaitEvents(repl, 3);
            String stats = repl.enter(":stats");
            assertTrue(stats.matches("(?s)events\\s+3 \\(\\d+\\.\\d/s overall\\)\nlost\\s+0 by the kernel side, 0 undecodable\n"
                    + "buffer\\s+3 of 10000 kept, 0 overwritten\nuptime\\s+\\d+\\.\\d s\n"), stats);
        }
    }

    @Test
    void handlersAreAttachedReplacedAndABrokenOneIsRejected() throws Exception {
        try (PipedRepl repl = repl()) {
            String attached = repl.enter(":handler " + ReplFixtures.resource("counter.js"));
            assertTrue(attached.matches("handler counter.js attached in \\d+ ms\n"), attached);
            Triggers.getppid(10);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String emitted = "";
            while (!emitted.contains("seen: 10") && System.nanoTime() < deadline) {
                emitted = repl.enter(":events 1 --stream counter.js");
            }
            assertTrue(emitted.contains("counter.js  {seen: 10, pid: " + PID + "}"), emitted);

            String broken = repl.enter(":handler " + ReplFixtures.resource("broken.js"));
            assertTrue(broken.startsWith("handler not attached: broken.js:2: Error: refuses to start"), broken);
            assertTrue(broken.contains("(counter.js keeps running)"), broken);

            String replaced = repl.enter(":handler " + ReplFixtures.resource("counter.js"));
            assertTrue(replaced.matches("handler counter.js replaced counter.js in \\d+ ms.*\n"), replaced);
            String stats = repl.enter(":stats");
            assertTrue(stats.matches("(?s).*handler\\s+counter.js: \\d+ received.*"), stats);
            assertTrue(repl.enter(":handler nothere.js").contains("cannot read it"));
        }
    }

    @Test
    void unloadDetachesAndLoadAttachesAgain() throws Exception {
        KernelObjects.Snapshot before = ReplFixtures.heldBy(PID);
        long mappedBefore = ReplFixtures.bpfMapMappings(PID);
        try (PipedRepl repl = new PipedRepl(PipedRepl.options(null))) {
            assertTrue(repl.start().startsWith("polytrace repl (JavaScript)"));
            assertTrue(repl.enter(":maps").startsWith("no tracer loaded (:load PKG)"));
            String loaded = repl.enter(":load " + ReplFixtures.packageFile() + " --param " + ReplFixtures.onlyThisProcess());
            assertTrue(loaded.startsWith("loaded getppid: 1 program(s) attached; maps counts, events"), loaded);
            KernelObjects.Snapshot attached = ReplFixtures.heldBy(PID).minus(before);
            assertFalse(attached.links().isEmpty() || attached.programs().isEmpty(), "attached: " + attached);
            Triggers.getppid(1);
            assertEquals("1\n", repl.enter("ctx.maps.counts.get(" + PID + ")"));
            assertEquals("detached getppid\n", repl.enter(":unload"));
            KernelObjects.Snapshot left = ReplFixtures.stillLoaded(PID, attached, mappedBefore);
            assertTrue(left.isEmpty(), "left in the kernel after :unload: " + left);
            String gone = repl.enter("ctx.maps.counts");
            assertTrue(gone.startsWith("ctx.maps has no map 'counts': this tracer has no BPF object loaded"), gone);
            assertTrue(repl.enter(":load /nonexistent.tracer.json").contains("/nonexistent.tracer.json"));
        }
    }

    @Test
    void ctrlDDetachesEverythingAndKeepsTheHistory() throws Exception {
        KernelObjects.Snapshot before = ReplFixtures.heldBy(PID);
        long mappedBefore = ReplFixtures.bpfMapMappings(PID);
        Path history = ReplFixtures.historyFile();
        PipedRepl repl = new PipedRepl(PipedRepl.options(ReplFixtures.packageFile().toString(),
                ReplFixtures.onlyThisProcess()).withHistoryFile(history));
        repl.start();
        KernelObjects.Snapshot running = ReplFixtures.heldBy(PID).minus(before);
        assertFalse(running.programs().isEmpty() || running.links().isEmpty() || running.maps().isEmpty(),
                "attached: " + running);
        repl.enter("const answer = 6 * 7");
        repl.enter(":maps");
        assertEquals(0, repl.endOfInput());
        assertTrue(repl.pending().contains("detached getppid"), repl.pending());
        KernelObjects.Snapshot left = ReplFixtures.stillLoaded(PID, running, mappedBefore);
        assertTrue(left.isEmpty(), "left in the kernel after Ctrl-D: " + left);
        String saved = Files.readString(history);
        assertTrue(saved.contains("const answer = 6 * 7") && saved.contains(":maps"), saved);
        repl.close();
    }

    private static void awaitEvents(PipedRepl repl, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (repl.enter("events(1000).length").equals(count + "\n")) {
                return;
            }
        }
        throw new AssertionError("not " + count + " events within 10 s");
    }
}
