package dev.polytrace.host.script;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.script.HandlerException.Kind;
import dev.polytrace.host.script.js.JsLanguage;
import dev.polytrace.host.script.python.PythonLanguage;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/**
 * What differs between handler languages: how the handler file becomes a module, what its
 * lifecycle functions are called, which line a failure names, and how events reach {@code
 * onEvent} (the guest-side loop over the host's event views, and the language's own {@link
 * ColumnDelivery}). The runtime asks the language; it never asks which language it has.
 *
 * <p>One subclass per language, each in its package with the code only it needs ({@link
 * JsLanguage}, {@link PythonLanguage}). Public, with protected members, only so that those
 * packages can implement it.
 */
public abstract class HandlerLanguage {
    /**
     * Name of the dispatcher's sources. They are internal sources, whose statements the statement
     * limit does not count (the limit is for the handler's code), and so is the code the language
     * compiles for its event types, under this name.
     */
    protected static final String DISPATCH_SOURCE_NAME = "polytrace-dispatch";

    /**
     * The host's guest code, evaluated in a context before the handler's file: the batch loop over
     * the host's event views, and what builds the language's column delivery once the runtime has
     * the {@link GuestLoop} it runs its loops through.
     *
     * @param viewLoop {@code (batch, start, count, onEvent, ctx)}: calls {@code onEvent(batch[i], ctx)}
     *                 for each event from {@code start}, and returns {@code count}
     */
    public record GuestDispatch(Value viewLoop, Function<GuestLoop, ColumnDelivery> columnDelivery) {
    }

    final String id;
    final String onEventName;
    final String onIntervalName;
    final String onExitName;
    private final Set<String> names;

    /**
     * @param id      the Graal language id, also the name a package gives the language
     * @param aliases other names a package may give it
     */
    protected HandlerLanguage(String id, Set<String> aliases, String onEventName, String onIntervalName,
                              String onExitName) {
        this.id = id;
        Set<String> all = new HashSet<>(aliases);
        all.add(id);
        this.names = Set.copyOf(all);
        this.onEventName = onEventName;
        this.onIntervalName = onIntervalName;
        this.onExitName = onExitName;
    }

    /** Options the language needs on every context, all accepted under CONSTRAINED. */
    protected abstract Map<String, String> contextOptions();

    /**
     * Starts the language in {@code context}, with what every handler's first events need
     * whatever the handler (a spare context of the daemon does it before the deploy that takes it).
     */
    protected void start(Context context) {
        context.initialize(id);
    }

    protected abstract Source handlerSource(String fileName, String code);

    /** Evaluates the handler file and returns the value holding its top-level functions. */
    protected abstract Value loadModule(Context context, Source handler);

    /** Evaluates the host's guest code in {@code context}; its deliveries take up to {@code batchSize} events a run. */
    protected abstract GuestDispatch dispatch(Context context, int batchSize);

    /** What holds the lifecycle functions, given what evaluating the handler's file returned. */
    protected abstract Value lifecycleFunctions(Value module, String fileName);

    /** Whether {@code init} takes the state a hot swap hands over as a second argument. */
    protected abstract boolean initTakesState(Value init);

    /** The handler's line a failure names beyond its stack frames, or 0 (or less) when there is none. */
    protected abstract int errorLine(PolyglotException e, String fileName);

    /** Whether a guest error whose message starts so is the language's own error for a refused allocation. */
    protected abstract boolean isOutOfMemoryError(String message);

    /** Whether the host's event views also read as dicts ({@code ev['comm']}), as the language's handlers expect. */
    protected abstract boolean eventsReadAsDict();

    /** Host code of this language, as an internal source (see {@link #DISPATCH_SOURCE_NAME}). */
    protected final Source internal(String code, String name) {
        return Source.newBuilder(id, code, name).internal(true).buildLiteral();
    }

    /** The module's function {@code name}, or null when it has none. */
    protected static Value function(Value module, String name, String fileName) {
        Value value = module.getMember(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canExecute()) {
            throw new HandlerException(Kind.ERROR, fileName, name + " is not a function", null);
        }
        return value;
    }

    @Override
    public String toString() {
        return id;
    }

    /** The language of {@code handler}: the one it names, else the one its file name implies. */
    static HandlerLanguage of(PackageHandler handler) {
        String named = handler.language() == null ? PackageHandler.languageOf(handler.fileName())
                : handler.language();
        if (named != null) {
            for (HandlerLanguage language : Known.ALL) {
                if (language.names.contains(named.toLowerCase(Locale.ROOT))) {
                    return language;
                }
            }
        }
        throw new IllegalArgumentException(handler.fileName() + ": unsupported handler language '" + named
                + "' (use js for .js/.mjs or python for .py)");
    }

    /** The language whose Graal id is {@code id}. */
    static HandlerLanguage byId(String id) {
        for (HandlerLanguage language : Known.ALL) {
            if (language.id.equals(id)) {
                return language;
            }
        }
        throw new IllegalArgumentException("no such guest language: " + id);
    }

    /**
     * The languages a handler may be written in. A holder of its own: the subclasses' instances
     * must not be built while this class is being initialized (they would see it half done).
     */
    private static final class Known {
        static final List<HandlerLanguage> ALL = List.of(JsLanguage.INSTANCE, PythonLanguage.INSTANCE);
    }
}
