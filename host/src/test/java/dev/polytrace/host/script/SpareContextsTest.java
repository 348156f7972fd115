package dev.polytrace.host.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polytrace.host.script.js.JsLanguage;
import dev.polytrace.host.script.python.PythonLanguage;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
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

    @Test
    void theSecondTakerGetsTheContextBuiltAheadWritingToItsOwnStreams() {
        SpareContexts spares = new SpareContexts(this::build, true);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        Context a = spares.take(JsLanguage.INSTANCE, first, OutputStream.nullOutputStream(), 0);
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
        SpareContexts spares = new SpareContexts(this::build, true);
        Context first = spares.take(PythonLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        Context spare = spares.take(PythonLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        try {
            assertTrue(builtAhead.contains(spare));
            String imported = "import sys\n'struct' in sys.modules and 'time' in sys.modules";
            assertFalse(first.eval("python", imported).asBoolean(), "a context started plainly has not imported them");
            assertTrue(spare.eval("python", imported).asBoolean());
            assertFalse(spare.getBindings("python").hasMember("struct"), "the handler's globals stay clean");
        } finally {
            first.close();
            spare.close();
            spares.close();
        }
    }

    @Test
    void aContextStartedAheadForOneRunIsTakenAndNoneFollowsIt() {
        SpareContexts ahead = new SpareContexts(this::build, false);
        ahead.prepare(JsLanguage.INSTANCE, 0);
        Context taken = ahead.take(JsLanguage.INSTANCE, OutputStream.nullOutputStream(),
                OutputStream.nullOutputStream(), 0);
        try {
            assertEquals(List.of(taken), builtAhead);
            assertEquals(List.of(), builtOnTake);
            assertFalse(ahead.hasSpare(JsLanguage.INSTANCE, 0), "none follows it");
            SpareContexts refilling = new SpareContexts(this::build, true);
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
    void aSpareIsKeptPerStatementLimit() {
        SpareContexts spares = new SpareContexts(this::build, true);
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
