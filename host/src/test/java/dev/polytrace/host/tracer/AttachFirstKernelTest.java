package dev.polytrace.host.tracer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.bpf.testing.KernelTest;
import dev.polytrace.host.build.BuildFixtures;
import dev.polytrace.host.build.BuildRequest;
import dev.polytrace.host.build.TracerBuilder;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import dev.polytrace.host.session.EventSink;
import dev.polytrace.host.session.RunOptions;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Attach first: the kernel side attaches while the handler's sandbox starts, and the events from
 * the attach on reach the handler once it is ready.
 */
@KernelTest
class AttachFirstKernelTest {
    /** A Python handler (its sandbox takes seconds to start in a fresh JVM) with module code that adds to it. */
    private static final String SLOW_PYTHON = """
            def _busy():
                n = 0
                for i in range(50000):
                    n += i
                return n
            _busy()
            def on_event(event, ctx):
                ctx.emit({"pid": event.pid, "comm": event.comm})
            """;

    private static final class Emitted implements EventSink {
        final List<Map<String, Object>> records = new CopyOnWriteArrayList<>();
        volatile int closes;

        @Override
        public void onEvent(String stream, Map<String, Object> event, ByteBuffer raw) {
            records.add(event);
        }

        @Override
        public void onSample(String map, String rendered) {
        }

        @Override
        public void onClose() {
            closes++;
        }
    }

    private static TracerPackage execTracer(PackageHandler handler) throws Exception {
        BuildFixtures.assumeToolchain();
        Path source = Path.of(AttachFirstKernelTest.class.getResource("/script/exec_trace.bpf.c").toURI());
        return TracerBuilder.build(BuildRequest.of(source).withToolchain(BuildFixtures.toolchain()))
                .withHandler(handler);
    }

    private static RunOptions onlyOurChildren() {
        return new RunOptions(Map.of("target_ppid", Long.toString(ProcessHandle.current().pid())), Map.of());
    }

    @Test
    void anExecRightAfterAttachReachesASlowToStartPythonHandler() throws Exception {
        Emitted output = new Emitted();
        AtomicLong execPid = new AtomicLong();
        AtomicLong execDoneNanos = new AtomicLong();
        TracerRequest request = TracerRequest.of(execTracer(new PackageHandler("python", "slow.py", SLOW_PYTHON)),
                onlyOurChildren(), output).withAttachedListener(() -> {
                    try {
                        Process p = new ProcessBuilder("/bin/true").start();
                        execPid.set(p.pid());
                        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "/bin/true finished");
                        execDoneNanos.set(System.nanoTime());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
        try (RunningTracer tracer = RunningTracer.start(request)) {
            long readyNanos = System.nanoTime();
            assertTrue(execDoneNanos.get() > 0 && execDoneNanos.get() < readyNanos,
                    "the exec was over before the handler was ready");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // The child's execs: jspawnhelper's (how the JVM starts a process), then /bin/true's.
            while (output.records.stream().noneMatch(r -> ((Number) r.get("pid")).longValue() == execPid.get()
                    && "true".equals(r.get("comm")))) {
                assertTrue(System.nanoTime() < deadline, "the exec's event reached the handler: " + output.records);
                Thread.sleep(10);
            }
            assertTrue(tracer.heldAtStart() >= 2, "the exec's events came before the handler was ready, were held "
                    + "and handed to it: " + tracer.heldAtStart());
            assertEquals(0, tracer.stats().lost(), "nothing lost while the handler started");
            System.out.printf("attach first: exec done %d ms before the Python handler was ready%n",
                    (readyNanos - execDoneNanos.get()) / 1_000_000);
        }
    }

    @Test
    void aHandlerThatFailsToLoadAfterTheAttachDetachesAndWritesNothing() throws Exception {
        Emitted output = new Emitted();
        TracerRequest request = TracerRequest.of(execTracer(new PackageHandler("python", "broken.py",
                "def on_event(event, ctx:\n")), onlyOurChildren(), output)
                .withAttachedListener(() -> ExecRun.once());
        HandlerStartException e = assertThrows(HandlerStartException.class, () -> RunningTracer.start(request));
        assertEquals(HandlerStartException.Stage.LOAD, e.stage());
        assertTrue(e.getMessage().contains("broken.py"), e.getMessage());
        assertEquals(0, output.closes, "the run never started: its output was not written or closed");
        assertTrue(output.records.isEmpty());
    }

    /** One /bin/true child, waited for. */
    private static final class ExecRun {
        static void once() {
            try {
                new ProcessBuilder("/bin/true").start().waitFor(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
