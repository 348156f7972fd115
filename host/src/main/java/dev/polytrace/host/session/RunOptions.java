package dev.polytrace.host.session;

import dev.polytrace.host.pkg.AttachTarget;
import java.util.Map;

/**
 * What the user chose for one run of a package.
 *
 * @param params  raw {@code --param} values by param name, checked against their C types at start
 * @param attach  attach targets by program name, merged over the package's own
 */
public record RunOptions(Map<String, String> params, Map<String, AttachTarget> attach) {
    public static final RunOptions DEFAULTS = new RunOptions(Map.of(), Map.of());

    public RunOptions {
        params = Map.copyOf(params);
        attach = Map.copyOf(attach);
    }
}
