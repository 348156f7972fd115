package dev.polytrace.host.pkg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One tracer as shipped: a compiled CO-RE object, what the host needs to run it without
 * user-space code (params, attach targets, outputs), and an optional handler. Immutable;
 * read and written by {@link PackageReader} / {@link PackageWriter} as {@code NAME.tracer.json}.
 *
 * @param formatVersion value of the {@code "polytrace"} field; {@link #FORMAT_VERSION} is written
 * @param maps          sizes set before load, for maps the object leaves for user space to size
 * @param origin        where it was read from (file, URL, "stdin", "bundled:NAME"); not serialized
 * @param warnings      one-line notes from reading it, e.g. an eunomia skeleton entry that is ignored;
 *                      shown when it runs, not serialized
 */
public record TracerPackage(
        int formatVersion,
        String name,
        String version,
        String description,
        PackageObject object,
        Optional<PackageHandler> handler,
        List<PackageParam> params,
        List<PackageProgram> programs,
        List<PackageMap> maps,
        PackageOutputs outputs,
        PackageOptions options,
        Optional<PackageSignature> signature,
        String origin,
        List<String> warnings) {

    public static final int FORMAT_VERSION = 1;

    public TracerPackage {
        params = List.copyOf(params);
        programs = List.copyOf(programs);
        maps = List.copyOf(maps);
        warnings = List.copyOf(warnings);
    }

    /** A package that sizes no maps and was read without warnings, as most are. */
    public TracerPackage(int formatVersion, String name, String version, String description, PackageObject object,
            Optional<PackageHandler> handler, List<PackageParam> params, List<PackageProgram> programs,
            PackageOutputs outputs, PackageOptions options, Optional<PackageSignature> signature, String origin) {
        this(formatVersion, name, version, description, object, handler, params, programs, List.of(), outputs, options,
                signature, origin, List.of());
    }

    /** Each param's declared default by name, in declaration order: a handler's {@code ctx.params}. */
    public Map<String, Object> paramDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        params.forEach(p -> defaults.put(p.name(), p.defaultValue()));
        return defaults;
    }

    public Optional<PackageParam> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    public TracerPackage withHandler(PackageHandler newHandler) {
        return new TracerPackage(formatVersion, name, version, description, object, Optional.of(newHandler), params,
                programs, maps, outputs, options, Optional.empty(), origin, warnings);
    }

    public TracerPackage withSignature(PackageSignature newSignature) {
        return new TracerPackage(formatVersion, name, version, description, object, handler, params, programs, maps,
                outputs, options, Optional.of(newSignature), origin, warnings);
    }

    public TracerPackage withOrigin(String newOrigin) {
        return new TracerPackage(formatVersion, name, version, description, object, handler, params, programs, maps,
                outputs, options, signature, newOrigin, warnings);
    }

    /** The same package as it would read back from its written form: no reading warnings. */
    public TracerPackage withoutWarnings() {
        return new TracerPackage(formatVersion, name, version, description, object, handler, params, programs, maps,
                outputs, options, signature, origin, List.of());
    }
}
