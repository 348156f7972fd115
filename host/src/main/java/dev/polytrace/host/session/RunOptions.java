package dev.polytrace.host.session;

import dev.polytrace.host.filter.ProcessFilter;
import dev.polytrace.host.pkg.AttachTarget;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What the user chose for one run of a package.
 *
 * @param params           raw {@code --param} values by param name, checked against their C types at start
 * @param attach           attach targets by program name, merged over the package's own
 * @param mapSizes         max_entries by map name ({@code --map-size}), over the package's own
 * @param disabledPrograms programs not to load ({@code --disable-program}), e.g. to choose an alternative
 * @param notices          where the session's one-line notices go (defaults it applied, alternatives it
 *                         chose), each a sentence without prefix
 * @param maps             whether and how the maps that are no output of their own are printed
 * @param filter           the processes to trace ({@code --pid}, {@code --container}, ...)
 */
public record RunOptions(Map<String, String> params, Map<String, AttachTarget> attach, Map<String, Long> mapSizes,
        Set<String> disabledPrograms, Consumer<String> notices, MapPrinting maps, ProcessFilter filter) {
    public static final RunOptions DEFAULTS = new RunOptions(Map.of(), Map.of());

    public RunOptions {
        params = Map.copyOf(params);
        attach = Map.copyOf(attach);
        mapSizes = Map.copyOf(mapSizes);
        disabledPrograms = Set.copyOf(disabledPrograms);
        filter = filter == null ? ProcessFilter.NONE : filter;
    }

    public RunOptions(Map<String, String> params, Map<String, AttachTarget> attach, Map<String, Long> mapSizes,
            Set<String> disabledPrograms, Consumer<String> notices, MapPrinting maps) {
        this(params, attach, mapSizes, disabledPrograms, notices, maps, ProcessFilter.NONE);
    }

    /** These options with {@code filter} instead. */
    public RunOptions withFilter(ProcessFilter filter) {
        return new RunOptions(params, attach, mapSizes, disabledPrograms, notices, maps, filter);
    }

    /** Params and attach targets only; notices go to stderr, and no map is printed but the sampled ones. */
    public RunOptions(Map<String, String> params, Map<String, AttachTarget> attach) {
        this(params, attach, Map.of(), Set.of(), notice -> System.err.println("polytrace: " + notice), MapPrinting.OFF);
    }
}
