package dev.polytrace.host.script.js;

import dev.polytrace.host.script.HandlerLanguage;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * JavaScript handlers: an ES module whose exports (named, or a default object) are {@code init},
 * {@code onEvent}, {@code onInterval} and {@code onExit}; events with a layout reach {@code
 * onEvent} as plain JS objects built from host columns ({@link JsDelivery}).
 *
 * <p>Public for the runtime's list of languages ({@code script}).
 */
public final class JsLanguage extends HandlerLanguage {
    public static final JsLanguage INSTANCE = new JsLanguage();
    private static final String ID = "js";
    private static final String ON_EVENT = "onEvent";

    // batch[i] is read through a host array whose get() marks the start of each event's call
    // for the watchdog and remembers which event failed; start lets the host resume after it.
    private static final String VIEW_LOOP = """
            (function dispatch(batch, start, count, onEvent, ctx) {
              for (let i = start; i < count; i++) {
                onEvent(batch[i], ctx);
              }
              return count;
            })
            """;

    private JsLanguage() {
        super(ID, Set.of("javascript"), ON_EVENT, "onInterval", "onExit");
    }

    @Override
    protected Map<String, String> contextOptions() {
        // Without it, evaluating a module returns undefined instead of its exports.
        return Map.of("js.esm-eval-returns-exports", "true");
    }

    @Override
    protected Source handlerSource(String fileName, String code) {
        return Source.newBuilder(ID, code, fileName).mimeType("application/javascript+module").buildLiteral();
    }

    @Override
    protected Value loadModule(Context context, Source handler) {
        return context.eval(handler);
    }

    @Override
    protected GuestDispatch dispatch(Context context, int batchSize) {
        Value viewLoop = context.eval(internal(VIEW_LOOP, DISPATCH_SOURCE_NAME + ".js"));
        return new GuestDispatch(viewLoop, loop -> new JsDelivery(loop,
                code -> context.eval(internal(code, DISPATCH_SOURCE_NAME + ".js")), batchSize));
    }

    /** {@code export default {onEvent, ...}} works as well as named exports. */
    @Override
    protected Value lifecycleFunctions(Value module, String fileName) {
        if (function(module, ON_EVENT, fileName) == null && function(module, "init", fileName) == null
                && module.hasMember("default")) {
            Value fallback = module.getMember("default");
            if (fallback != null && fallback.hasMembers()) {
                return fallback;
            }
        }
        return module;
    }

    /** JS ignores extra arguments. */
    @Override
    protected boolean initTakesState(Value init) {
        return true;
    }

    /** The stack frames name the handler's line. */
    @Override
    protected int errorLine(PolyglotException e, String fileName) {
        return 0;
    }

    /** JS refuses a huge allocation with a RangeError, an ordinary error: nothing to tell apart. */
    @Override
    protected boolean isOutOfMemoryError(String message) {
        return false;
    }

    @Override
    protected boolean eventsReadAsDict() {
        return false;
    }
}
