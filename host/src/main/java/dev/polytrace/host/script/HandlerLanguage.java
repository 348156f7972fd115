package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import java.util.Locale;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * What differs between handler languages: how the handler file becomes a module, what its
 * lifecycle functions are called, and the small guest-side loop that feeds a batch of events to
 * the handler one at a time (so a batch costs one host-to-guest call, not one per event).
 */
enum HandlerLanguage {
    JS("js", "onEvent", "onInterval", "onExit") {
        @Override
        Map<String, String> contextOptions() {
            // Without it, evaluating a module returns undefined instead of its exports.
            return Map.of("js.esm-eval-returns-exports", "true");
        }

        @Override
        Source handlerSource(String fileName, String code) {
            return Source.newBuilder(id, code, fileName).mimeType("application/javascript+module").buildLiteral();
        }

        @Override
        Value loadModule(Context context, Source handler) {
            return context.eval(handler);
        }

        @Override
        Value dispatcher(Context context) {
            return context.eval(Source.newBuilder(id, JS_DISPATCH, DISPATCH_SOURCE_NAME + ".js").buildLiteral());
        }
    },

    PYTHON("python", "on_event", "on_interval", "on_exit") {
        @Override
        Map<String, String> contextOptions() {
            return Map.of();
        }

        @Override
        Source handlerSource(String fileName, String code) {
            return Source.newBuilder(id, code, fileName).buildLiteral();
        }

        @Override
        Value loadModule(Context context, Source handler) {
            context.eval(handler);
            return context.getBindings(id); // the module's globals
        }

        @Override
        Value dispatcher(Context context) {
            Value dispatch = context.eval(Source.newBuilder(id, PY_DISPATCH, DISPATCH_SOURCE_NAME + ".py").buildLiteral());
            context.getBindings(id).removeMember("_polytrace_dispatcher"); // keep the handler's globals clean
            return dispatch;
        }
    };

    /** Name of the dispatcher's source, so error reports can skip its frames. */
    static final String DISPATCH_SOURCE_NAME = "polytrace-dispatch";

    // batch[i] is read through a host array whose get() marks the start of each event's call
    // for the watchdog and remembers which event failed; start lets the host resume after it.
    private static final String JS_DISPATCH = """
            (function dispatch(batch, start, count, onEvent, ctx) {
              for (let i = start; i < count; i++) {
                onEvent(batch[i], ctx);
              }
              return count;
            })
            """;

    private static final String PY_DISPATCH = """
            def _polytrace_dispatcher():
                def dispatch(batch, start, count, on_event, ctx):
                    for i in range(start, count):
                        on_event(batch[i], ctx)
                    return count
                return dispatch
            _polytrace_dispatcher()
            """;

    final String id;
    final String onEventName;
    final String onIntervalName;
    final String onExitName;

    HandlerLanguage(String id, String onEventName, String onIntervalName, String onExitName) {
        this.id = id;
        this.onEventName = onEventName;
        this.onIntervalName = onIntervalName;
        this.onExitName = onExitName;
    }

    /** Options the language needs on every context, all accepted under CONSTRAINED. */
    abstract Map<String, String> contextOptions();

    abstract Source handlerSource(String fileName, String code);

    /** Evaluates the handler file and returns the value holding its top-level functions. */
    abstract Value loadModule(Context context, Source handler);

    /** Evaluates the batch loop in {@code context} and returns it as an executable value. */
    abstract Value dispatcher(Context context);

    static HandlerLanguage of(PackageHandler handler) {
        return of(handler.language(), handler.fileName());
    }

    static HandlerLanguage of(String language, String fileName) {
        String lang = language == null ? PackageHandler.languageOf(fileName) : language;
        if (lang != null) {
            switch (lang.toLowerCase(Locale.ROOT)) {
                case PackageHandler.JS, "javascript" -> {
                    return JS;
                }
                case PackageHandler.PYTHON, "py" -> {
                    return PYTHON;
                }
                default -> {
                    // reported below
                }
            }
        }
        throw new IllegalArgumentException(fileName + ": unsupported handler language '" + lang
                + "' (use js for .js/.mjs or python for .py)");
    }
}
