package dev.polytrace.host.repl;

import dev.polytrace.script.api.GuestValues;
import dev.polytrace.script.api.HandlerContext;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * One guest language at the prompt: a sandboxed context whose globals hold {@code ctx} (the same
 * object a handler receives) and {@code events(n, stream)} (the latest buffered events), kept for
 * the whole REPL so variables survive between lines. Used from the prompt's thread only, except
 * {@link #interrupt}. Guest values stay in here: what leaves is text.
 */
final class GuestConsole implements AutoCloseable {
    static final String SOURCE_NAME = "repl";
    private static final int DEFAULT_EVENTS = 10;

    private final ReplLanguage language;
    private final Context context;
    private final GuestDisplay display;
    private volatile boolean dead;

    /**
     * @param events the latest {@code count} events of a stream (null: all streams), as plain maps
     */
    GuestConsole(ReplLanguage language, HandlerContext ctx, BiFunction<Integer, String, List<Map<String, Object>>> events,
                 OutputStream out, OutputStream err) {
        this.language = language;
        this.context = InteractiveContexts.newContext(language, out, err);
        this.display = new GuestDisplay(language);
        Value globals = context.getBindings(language.id);
        globals.putMember("ctx", ctx);
        globals.putMember("events", eventsFunction(events));
    }

    ReplLanguage language() {
        return language;
    }

    /** False once the context was cancelled (it then has to be replaced). */
    boolean isUsable() {
        return !dead;
    }

    /** Evaluates one input and renders its value for a terminal {@code width} columns wide. */
    EvalOutcome eval(String code, int width) {
        try {
            Value result = context.eval(Source.newBuilder(language.id, code, SOURCE_NAME).buildLiteral());
            return EvalOutcome.value(silent(result) ? "" : Shown.layout(display.top(result), width));
        } catch (PolyglotException e) {
            return failure(e);
        }
    }

    /**
     * Whether {@code code} can still become a statement and so waits for another line. The
     * language's parser decides, as node's and python's own prompts do: input that parses is
     * complete, input that runs out too early waits, and input that is wrong whatever follows
     * ({@code this is not valid js (}) is complete, so that running it reports the error at once.
     */
    boolean needsMore(String code) {
        if (code.isBlank()) {
            return false;
        }
        try {
            context.parse(language.promptStatement(code, SOURCE_NAME));
            return false;
        } catch (PolyglotException e) {
            return e.isIncompleteSource() || language.endsInsideLiteral(code);
        }
    }

    /**
     * Member names of the value at {@code path} ({@code ["ctx", "maps"]}), for completion. Only
     * globals, host objects and host records are walked, so no guest code runs; empty when the path
     * leads elsewhere.
     */
    List<String> members(List<String> path) {
        try {
            Value v = context.getBindings(language.id);
            for (int i = 0; i < path.size(); i++) {
                if (i > 0 && !v.isHostObject() && !v.isProxyObject()) {
                    return List.of();
                }
                if (!v.hasMember(path.get(i))) {
                    return List.of();
                }
                v = v.getMember(path.get(i));
                if (v == null || v.isNull()) {
                    return List.of();
                }
            }
            return v.hasMembers() ? new ArrayList<>(v.getMemberKeys()) : List.of();
        } catch (PolyglotException | IllegalStateException | UnsupportedOperationException e) {
            return List.of();
        }
    }

    /** The names defined at the top level (ctx, events, the user's variables). */
    List<String> globals() {
        try {
            return new ArrayList<>(context.getBindings(language.id).getMemberKeys());
        } catch (PolyglotException | IllegalStateException e) {
            return List.of();
        }
    }

    /** From another thread (Ctrl-C): stops the running input; the context stays usable. */
    void interrupt() {
        try {
            context.interrupt(Duration.ofSeconds(2));
        } catch (TimeoutException e) {
            dead = true;
            context.close(true);
        } catch (IllegalStateException | PolyglotException e) {
            // nothing running, or already closed
        }
    }

    @Override
    public void close() {
        try {
            context.close(true);
        } catch (IllegalStateException | PolyglotException e) {
            // already closed or cancelled
        }
    }

    /** Nothing to show: JS undefined, and Python statements (which evaluate to the module) or None. */
    private boolean silent(Value result) {
        return language.showsNothing(result);
    }

    private EvalOutcome failure(PolyglotException e) {
        if (e.isExit()) {
            return new EvalOutcome(EvalOutcome.Kind.EXIT, "");
        }
        if (e.isInterrupted()) {
            return EvalOutcome.error("interrupted");
        }
        if (e.isCancelled() || e.isResourceExhausted()) {
            dead = true;
            return EvalOutcome.error(firstLine(e.getMessage()) + " (the " + language.displayName
                    + " context was reset; variables are gone)");
        }
        if (e.isHostException()) {
            Throwable host = e.asHostException();
            String message = host.getMessage();
            return EvalOutcome.error(message == null || message.isBlank() ? host.getClass().getSimpleName() : message);
        }
        if (e.isInternalError()) {
            return EvalOutcome.error("not allowed or failed in the language runtime: " + firstLine(e.getMessage()));
        }
        String message = e.getMessage();
        return EvalOutcome.error(message == null ? "error" : message.stripTrailing());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    /** {@code events()}, {@code events(20)}, {@code events(20, "rb")}: the latest events, oldest first. */
    private static ProxyExecutable eventsFunction(BiFunction<Integer, String, List<Map<String, Object>>> events) {
        return args -> {
            int count = DEFAULT_EVENTS;
            String stream = null;
            if (args.length > 0 && !args[0].isNull()) {
                if (!args[0].fitsInInt() || args[0].asInt() < 0) {
                    throw new IllegalArgumentException("events(count, stream): count must be a whole number >= 0");
                }
                count = args[0].asInt();
            }
            if (args.length > 1 && !args[1].isNull()) {
                stream = args[1].isString() ? args[1].asString() : args[1].toString();
            }
            return GuestValues.toGuest(new ArrayList<Object>(events.apply(count, stream)));
        };
    }
}
