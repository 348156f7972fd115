package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.script.api.GuestValues;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
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
        Dispatch dispatch(Context context) {
            return new Dispatch(context.eval(internal(JS_DISPATCH, DISPATCH_SOURCE_NAME + ".js")), null);
        }

        @Override
        ColumnDelivery columnDelivery(GuestLoop loop, Dispatch dispatch, int batchSize,
                                      Function<String, Value> compile) {
            return new JsDelivery(loop, compile, batchSize);
        }

        @Override
        boolean eventsReadAsDict() {
            return false;
        }

        /** {@code export default {onEvent, ...}} works as well as named exports. */
        @Override
        Value lifecycleFunctions(Value module, String fileName) {
            if (HandlerScript.function(module, onEventName, fileName) == null
                    && HandlerScript.function(module, "init", fileName) == null && module.hasMember("default")) {
                Value fallback = module.getMember("default");
                if (fallback != null && fallback.hasMembers()) {
                    return fallback;
                }
            }
            return module;
        }

        /** JS ignores extra arguments. */
        @Override
        boolean initTakesState(Value init) {
            return true;
        }

        @Override
        int errorLine(PolyglotException e, String fileName) {
            return 0;
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
        Dispatch dispatch(Context context) {
            Value both = context.eval(internal(PY_DISPATCH, DISPATCH_SOURCE_NAME + ".py"));
            context.getBindings(id).removeMember("_polytrace_dispatcher"); // keep the handler's globals clean
            return new Dispatch(both.getArrayElement(0), both.getArrayElement(1));
        }

        @Override
        ColumnDelivery columnDelivery(GuestLoop loop, Dispatch dispatch, int batchSize,
                                      Function<String, Value> compile) {
            return new PythonDelivery(loop, dispatch.defineEventType(), batchSize);
        }

        @Override
        boolean eventsReadAsDict() {
            return true;
        }

        @Override
        Value lifecycleFunctions(Value module, String fileName) {
            return module;
        }

        /** A Python {@code init(ctx)} would reject a second argument. */
        @Override
        boolean initTakesState(Value init) {
            try {
                Value code = init.getMember("__code__");
                int varArgs = 0x04;
                return code != null && (code.getMember("co_argcount").asInt() >= 2
                        || (code.getMember("co_flags").asInt() & varArgs) != 0);
            } catch (RuntimeException e) {
                return false;
            }
        }

        /** The traceback names the handler's line where the stack frames may not. */
        @Override
        int errorLine(PolyglotException e, String fileName) {
            return e.isInterrupted() || e.isCancelled() ? 0 : GuestErrors.pythonTracebackLine(e, fileName);
        }
    };

    /**
     * Name of the dispatcher's sources. They are internal sources, whose statements the statement
     * limit does not count (the limit is for the handler's code), and so are Python event types
     * compiled from generated code under this name.
     */
    static final String DISPATCH_SOURCE_NAME = "polytrace-dispatch";

    /**
     * The guest-side batch loop, and for Python the function that compiles an event type's
     * source (see {@link PythonEventTypes}) into its loop, else null.
     */
    record Dispatch(Value loop, Value defineEventType) {
    }

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

    // Event is the base of the generated event types: fields are attributes, and read as a dict.
    // The marker tells the host's conversion (ctx.emit) to take the fields from __dict__.
    private static final String PY_DISPATCH = """
            def _polytrace_dispatcher():
                def dispatch(batch, start, count, on_event, ctx):
                    for i in range(start, count):
                        on_event(batch[i], ctx)
                    return count

                class Event:
                    %s = True
                    def __getitem__(self, key):
                        return self.__dict__[key]
                    def __setitem__(self, key, value):
                        self.__dict__[key] = value
                    def __delitem__(self, key):
                        del self.__dict__[key]
                    def __contains__(self, key):
                        return key in self.__dict__
                    def __len__(self):
                        return len(self.__dict__)
                    def __iter__(self):
                        return iter(self.__dict__)
                    def keys(self):
                        return self.__dict__.keys()
                    def values(self):
                        return self.__dict__.values()
                    def items(self):
                        return self.__dict__.items()
                    def get(self, key, default=None):
                        return self.__dict__.get(key, default)
                    def __repr__(self):
                        return repr(self.__dict__)

                def define(code):
                    names = {'Event': Event}
                    exec(compile(code, '%s.py', 'exec'), names)
                    return names['handlers']
                return [dispatch, define]
            _polytrace_dispatcher()
            """.formatted(GuestValues.PYTHON_EVENT_MARKER, DISPATCH_SOURCE_NAME);

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

    /** Evaluates the batch loop (and Python's event types) in {@code context}. */
    abstract Dispatch dispatch(Context context);

    /**
     * The language's fast delivery of records with a layout, running its loops through {@code loop}.
     *
     * @param compile evaluates host code of this language in the handler's context
     */
    abstract ColumnDelivery columnDelivery(GuestLoop loop, Dispatch dispatch, int batchSize,
                                           Function<String, Value> compile);

    /** What holds the lifecycle functions, given what evaluating the handler's file returned. */
    abstract Value lifecycleFunctions(Value module, String fileName);

    /** Whether {@code init} takes the state a hot swap hands over as a second argument. */
    abstract boolean initTakesState(Value init);

    /** The handler's line a failure names beyond its stack frames, or 0. */
    abstract int errorLine(PolyglotException e, String fileName);

    /** Whether the host's event views also read as dicts ({@code ev['comm']}), as Python handlers expect. */
    abstract boolean eventsReadAsDict();

    final Source internal(String code, String name) {
        return Source.newBuilder(id, code, name).internal(true).buildLiteral();
    }

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
