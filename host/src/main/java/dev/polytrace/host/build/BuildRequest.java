package dev.polytrace.host.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What to build: a {@code .bpf.c} source, its include directories and macros, an optional
 * handler, and overrides of what the build would otherwise derive (name from the file name,
 * description from the leading comment, version "0.1.0", record types of event streams). Start
 * with {@link #of(Path)}.
 *
 * @param defines    {@code -D} macros, passed to clang in order
 * @param cpu        the BPF instruction set clang compiles for ({@code -mcpu})
 * @param eventTypes {@code --event} record types, which win over annotations and inference
 * @param warnings   receives clang's warnings when the compilation succeeds with some
 */
public record BuildRequest(Path source, List<Path> includeDirs, List<Define> defines, BpfCpu cpu,
                           List<EventTypeOverride> eventTypes, Optional<Path> handler, Optional<String> name,
                           Optional<String> description, Optional<String> version, Toolchain toolchain,
                           Consumer<String> warnings) {
    public static final String DEFAULT_VERSION = "0.1.0";

    public BuildRequest {
        Objects.requireNonNull(source, "source");
        includeDirs = List.copyOf(includeDirs);
        defines = List.copyOf(defines);
        Objects.requireNonNull(cpu, "cpu");
        eventTypes = List.copyOf(eventTypes);
        Objects.requireNonNull(toolchain, "toolchain");
        Objects.requireNonNull(warnings, "warnings");
    }

    /** A request for {@code source} with the system toolchain and nothing overridden; warnings are dropped. */
    public static BuildRequest of(Path source) {
        return new BuildRequest(source, List.of(), List.of(), BpfCpu.DEFAULT, List.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Toolchain.system(), w -> { });
    }

    /** Adds {@code -I dir}; directories are searched in the order added, after the source's own. */
    public BuildRequest withIncludeDir(Path dir) {
        return new BuildRequest(source, appended(includeDirs, dir), defines, cpu, eventTypes, handler, name,
                description, version, toolchain, warnings);
    }

    /** Adds {@code -D NAME[=VALUE]}. */
    public BuildRequest withDefine(Define define) {
        return new BuildRequest(source, includeDirs, appended(defines, define), cpu, eventTypes, handler, name,
                description, version, toolchain, warnings);
    }

    /** Compiles for {@code newCpu} instead of {@link BpfCpu#DEFAULT}. */
    public BuildRequest withCpu(BpfCpu newCpu) {
        return new BuildRequest(source, includeDirs, defines, newCpu, eventTypes, handler, name, description, version,
                toolchain, warnings);
    }

    /** Adds {@code --event MAP=TYPE}; a later one for the same map wins. */
    public BuildRequest withEventType(EventTypeOverride eventType) {
        return new BuildRequest(source, includeDirs, defines, cpu, appended(eventTypes, eventType), handler, name,
                description, version, toolchain, warnings);
    }

    public BuildRequest withHandler(Path newHandler) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, Optional.of(newHandler), name,
                description, version, toolchain, warnings);
    }

    public BuildRequest withName(String newName) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, handler, Optional.of(newName),
                description, version, toolchain, warnings);
    }

    public BuildRequest withDescription(String newDescription) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, handler, name,
                Optional.of(newDescription), version, toolchain, warnings);
    }

    public BuildRequest withVersion(String newVersion) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, handler, name, description,
                Optional.of(newVersion), toolchain, warnings);
    }

    public BuildRequest withToolchain(Toolchain newToolchain) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, handler, name, description, version,
                newToolchain, warnings);
    }

    public BuildRequest withWarnings(Consumer<String> newWarnings) {
        return new BuildRequest(source, includeDirs, defines, cpu, eventTypes, handler, name, description, version,
                toolchain, newWarnings);
    }

    private static <T> List<T> appended(List<T> list, T item) {
        List<T> copy = new ArrayList<>(list);
        copy.add(item);
        return copy;
    }
}
