package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.script.js.JsLanguage;
import dev.polytrace.host.script.python.PythonLanguage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.graalvm.polyglot.Context;
import org.junit.jupiter.api.Test;

/** Spare contexts are built ahead on a thread of their own and, once taken, write where their taker says. */
class SpareContextsTest {
    private final List<Context> builtAhead = new CopyOnWriteArrayList<>();
    private final List<Context> builtOnTake = new CopyOnWriteArrayList<>();

    private Context build(HandlerLanguage language, OutputStream out, OutputStream err, long statementLimit) {
        Context context = Context.newBuilder(language.id).out(out).err(err)
                .option("engine.WarnInterpreterOnly", "false").build();
        (Thread.currentThread().getName().startsWith("polytrace-spare-") ? builtAhead : builtOnTake).add(context);
        return context;
    }

    /** A taker that comes before a spare's build began builds its own: these tests come after it. */
    private void awaitBuiltAhead(int count) {
        HandlerHarness.await(count + " context(s) built ahead", Duration.ofSeconds(60), () -> builtAhead.size() >= count);
    }

    @Test
    void theSecondTakerGetsTheContextBuiltAheadWritingToItsOwnStreams() {
        SpareContexts spares = SpareContexts.refilling(this::build, Duration.ZERO);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        Context a = spares.take(JsLanguage.INSTANCE, first, OutputStream.nullOutputStream(), 0);
        awaitBuiltAhead(1);
        Context b = spares.take(JsLanguage.INSTANCE, second, OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(a), builtOnTake, "nothing was ready for the first");
            assertTrue(builtAhead.contains(b), "the second got the one built ahead");
            assertNotSame(a, b);
            b.eval("js", "console.log('to the second')");
            a.eval("js", "console.log('to the first')");
            assertEquals("to the second\n", second.toString(StandardCharsets.UTF_8));
            assertEquals("to the first\n", first.toString(StandardCharsets.UTF_8));
        } finally {
            a.close();
            b.close();
            spares.close();
        }
    }

    @Test
    void aPythonSpareHasTheModulesEveryEventTypeImportsAlready() {
        SpareContexts spares = SpareContexts.refilling(this::build, Duration.ZERO);
        Context first = spares.take(PythonLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        awaitBuiltAhead(1);
        Context spare = spares.take(PythonLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        try {
            assertTrue(builtAhead.contains(spare));
            String imported = "import sys\n'_struct' in sys.modules and 'time' in sys.modules";
            assertFalse(first.eval("python", imported).asBoolean(), "a context started plainly has not imported them");
            assertTrue(spare.eval("python", imported).asBoolean());
            assertFalse(spare.eval("python", "import sys\n'struct' in sys.modules").asBoolean(),
                    "no module of the standard library's files: the first such import is slow");
            assertFalse(spare.getBindings("python").hasMember("_struct"), "the handler's globals stay clean");
        } finally {
            first.close();
            spare.close();
            spares.close();
        }
    }

    @Test
    void aContextStartedAheadForOneRunIsTakenAndNoneFollowsIt() {
        SpareContexts ahead = SpareContexts.oneShot(this::build);
        ahead.prepare(JsLanguage.INSTANCE, 0);
        awaitBuiltAhead(1);
        Context taken = ahead.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(taken), builtAhead);
            assertEquals(List.of(), builtOnTake);
            assertFalse(ahead.hasSpare(JsLanguage.INSTANCE, 0), "none follows it");
            SpareContexts refilling = SpareContexts.refilling(this::build, Duration.ZERO);
            refilling.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), 0)
                    .close();
            assertTrue(refilling.hasSpare(JsLanguage.INSTANCE, 0), "a long-lived host's does");
            refilling.close();
        } finally {
            taken.close();
            ahead.close();
        }
    }

    @Test
    void aTakerBeforeTheDelayedRefillBeganBuildsItsOwnAndTheRefillNeverHappens() {
        SpareContexts spares = SpareContexts.refilling(this::build, Duration.ofMinutes(10));
        Context a = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), 0);
        Context b = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(a, b), builtOnTake, "the second did not wait for a refill ten minutes away");
            assertTrue(spares.hasSpare(JsLanguage.INSTANCE, 0), "the second take scheduled the next refill");
            spares.close();
            assertFalse(spares.hasSpare(JsLanguage.INSTANCE, 0));
            assertEquals(List.of(), builtAhead);
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void theRefillIsBuiltOnceTheTakerHasStartedWithoutWaitingForTheBound() {
        SpareContexts spares = SpareContexts.refilling(this::build, Duration.ofMinutes(10));
        Context a = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(), OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(), builtAhead, "held back while the taker starts");
            spares.takerStarted(a);
            awaitBuiltAhead(1);
            Context b = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(),
                    OutputStream.nullOutputStream(), 0);
            assertEquals(builtAhead, List.of(b), "the next taker got it");
            b.close();
        } finally {
            a.close();
            spares.close();
        }
    }

    @Test
    void aSpareIsKeptPerStatementLimit() {
        SpareContexts spares = SpareContexts.refilling(this::build, Duration.ZERO);
        Context limited = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 1000);
        Context unlimited = spares.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(limited, unlimited), builtOnTake, "the limited one's spare is not for another limit");
        } finally {
            limited.close();
            unlimited.close();
            spares.close();
        }
    }
}
