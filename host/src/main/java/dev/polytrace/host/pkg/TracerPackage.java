package dev.polytrace.host.pkg;

import java.util.List;
import java.util.Optional;

/**
 * One tracer as shipped: a compiled CO-RE object, what the host needs to run it without
 * user-space code (params, attach targets, outputs), and an optional handler. Immutable;
 * read and written by {@link PackageReader} / {@link PackageWriter} as {@code NAME.tracer.json}.
 *
 * @param formatVersion value of the {@code "polytrace"} field; {@link #FORMAT_VERSION} is written
 * @param origin        where it was read from (file, URL, "stdin", "bundled:NAME"); not serialized
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
        PackageOutputs outputs,
        PackageOptions options,
        Optional<PackageSignature> signature,
        String origin) {

    public static final int FORMAT_VERSION = 1;

    public TracerPackage {
        params = List.copyOf(params);
        programs = List.copyOf(programs);
    }

    public Optional<PackageParam> param(String paramName) {
        return params.stream().filter(p -> p.name().equals(paramName)).findFirst();
    }

    public TracerPackage withHandler(PackageHandler newHandler) {
        return new TracerPackage(formatVersion, name, version, description, object, Optional.of(newHandler), params,
                programs, outputs, options, Optional.empty(), origin);
    }

    public TracerPackage withSignature(PackageSignature newSignature) {
        return new TracerPackage(formatVersion, name, version, description, object, handler, params, programs,
                outputs, options, Optional.of(newSignature), origin);
    }

    public TracerPackage withOrigin(String newOrigin) {
        return new TracerPackage(formatVersion, name, version, description, object, handler, params, programs,
                outputs, options, signature, newOrigin);
    }
}
