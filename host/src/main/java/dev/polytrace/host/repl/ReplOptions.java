package dev.polytrace.host.repl;

import dev.polytrace.host.filter.ProcessFilter;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * How a REPL starts.
 *
 * @param packageSpec   the tracer to load first (path, URL, bundled name), or null for none
 * @param language      the prompt's language at start
 * @param params        {@code NAME=VALUE} assignments for that tracer
 * @param packageHandler whether the package's own handler, if it has one, is attached too
 * @param historyFile   where the input history is kept
 * @param eventCapacity how many of the latest events are kept
 * @param filter        the processes every tracer loaded traces ({@code --pid}, {@code --container}, ...)
 */
public record ReplOptions(String packageSpec, ReplLanguage language, List<String> params, boolean packageHandler,
                          Path historyFile, int eventCapacity, ProcessFilter filter) {
    /** Overrides the history file, e.g. for tests: {@code -Dpolytrace.history=/tmp/h}. */
    public static final String HISTORY_PROPERTY = "polytrace.history";

    public ReplOptions {
        Objects.requireNonNull(language, "language");
        params = List.copyOf(params);
        Objects.requireNonNull(historyFile, "historyFile");
        if (eventCapacity < 1) {
            throw new IllegalArgumentException("eventCapacity must be positive");
        }
        filter = filter == null ? ProcessFilter.NONE : filter;
    }

    public ReplOptions(String packageSpec, ReplLanguage language, List<String> params, boolean packageHandler,
                       Path historyFile, int eventCapacity) {
        this(packageSpec, language, params, packageHandler, historyFile, eventCapacity, ProcessFilter.NONE);
    }

    public ReplOptions withFilter(ProcessFilter processes) {
        return new ReplOptions(packageSpec, language, params, packageHandler, historyFile, eventCapacity, processes);
    }

    /** No tracer, JavaScript, the default history file and event buffer. */
    public static ReplOptions defaults() {
        return new ReplOptions(null, ReplLanguage.JS, List.of(), true, defaultHistoryFile(), EventRing.DEFAULT_CAPACITY);
    }

    public ReplOptions withPackage(String spec, List<String> assignments) {
        return new ReplOptions(spec, language, assignments, packageHandler, historyFile, eventCapacity, filter);
    }

    public ReplOptions withLanguage(ReplLanguage lang) {
        return new ReplOptions(packageSpec, lang, params, packageHandler, historyFile, eventCapacity, filter);
    }

    public ReplOptions withPackageHandler(boolean attach) {
        return new ReplOptions(packageSpec, language, params, attach, historyFile, eventCapacity, filter);
    }

    public ReplOptions withHistoryFile(Path file) {
        return new ReplOptions(packageSpec, language, params, packageHandler, file, eventCapacity, filter);
    }

    /** {@code ~/.polytrace_history}, or the file named by {@value #HISTORY_PROPERTY}. */
    public static Path defaultHistoryFile() {
        String override = System.getProperty(HISTORY_PROPERTY);
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".polytrace_history");
    }
}
