package dev.polytrace.host.script.python;

import dev.polytrace.host.script.HandlerLanguage;
import dev.polytrace.script.api.GuestValues;
import java.util.Map;
import java.util.Set;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * Python handlers: a module whose globals {@code init}, {@code on_event}, {@code on_interval} and
 * {@code on_exit} are the lifecycle functions; events with a layout reach {@code on_event} as
 * instances of a class generated for the layout, unpacked from packed records ({@link
 * PythonDelivery}), which also read as dicts ({@code ev['comm']}).
 *
 * <p>Public for the runtime's list of languages ({@code script}).
 */
public final class PythonLanguage extends HandlerLanguage {
    public static final PythonLanguage INSTANCE = new PythonLanguage();
    private static final String ID = "python";

    // The view loop, and the function that compiles an event type's source (see
    // PythonEventTypes) into its loop. Event is the base of the generated event types: fields are
    // attributes, and read as a dict. The marker tells the host's conversion (ctx.emit) to take
    // the fields from __dict__.
    private static final String DISPATCH = """
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

    private PythonLanguage() {
        super(ID, Set.of("py"), "on_event", "on_interval", "on_exit");
    }

    @Override
    protected Map<String, String> contextOptions() {
        return Map.of();
    }

    @Override
    protected Source handlerSource(String fileName, String code) {
        return Source.newBuilder(ID, code, fileName).buildLiteral();
    }

    /**
     * Also imports the modules every layout's event type imports ({@link PythonEventTypes}): a
     * module's first import in a context is what made a Python handler's first batch slow.
     */
    @Override
    protected void start(Context context) {
        super.start(context);
        context.eval(internal("__import__('" + PythonEventTypes.STRUCT + "')\n__import__('time')\n", DISPATCH_SOURCE_NAME + "-imports.py"));
    }

    @Override
    protected Value loadModule(Context context, Source handler) {
        context.eval(handler);
        return context.getBindings(ID); // the module's globals
    }

    @Override
    protected GuestDispatch dispatch(Context context, int batchSize) {
        Value both = context.eval(internal(DISPATCH, DISPATCH_SOURCE_NAME + ".py"));
        context.getBindings(ID).removeMember("_polytrace_dispatcher"); // keep the handler's globals clean
        Value defineEventType = both.getArrayElement(1);
        return new GuestDispatch(both.getArrayElement(0), loop -> new PythonDelivery(loop, defineEventType, batchSize));
    }

    @Override
    protected Value lifecycleFunctions(Value module, String fileName) {
        return module;
    }

    /** A Python {@code init(ctx)} would reject a second argument. */
    @Override
    protected boolean initTakesState(Value init) {
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
    protected int errorLine(PolyglotException e, String fileName) {
        return e.isInterrupted() || e.isCancelled() ? 0 : tracebackLine(e, fileName);
    }

    @Override
    protected boolean isOutOfMemoryError(String message) {
        return message.startsWith("MemoryError");
    }

    @Override
    protected boolean eventsReadAsDict() {
        return true;
    }

    /**
     * GraalPy gives its frames no source sections; the exception's own traceback has the lines.
     * The innermost frame in the handler file is the one to report.
     */
    private static int tracebackLine(PolyglotException e, String fileName) {
        try {
            Value exception = e.getGuestObject();
            if (exception == null || !exception.hasMember("__traceback__")) {
                return -1;
            }
            int line = -1;
            for (Value tb = exception.getMember("__traceback__"); tb != null && !tb.isNull();
                    tb = tb.getMember("tb_next")) {
                Value file = tb.getMember("tb_frame").getMember("f_code").getMember("co_filename");
                if (file.isString() && file.asString().equals(fileName)) {
                    line = tb.getMember("tb_lineno").asInt();
                }
            }
            if (line < 0 && e.isSyntaxError() && exception.hasMember("lineno")) {
                Value lineno = exception.getMember("lineno");
                line = lineno.fitsInInt() ? lineno.asInt() : -1;
            }
            return line;
        } catch (RuntimeException notReadable) {
            return -1;
        }
    }
}
