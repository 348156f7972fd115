package dev.polytrace.host.build;

import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Builds a {@link TracerPackage} from a {@code .bpf.c} source: reads the source's annotations and
 * event types, compiles it with clang (generating vmlinux.h when it is included), and derives
 * params, programs and outputs from the object. Used by {@code polytrace build}, by the Maven
 * build of the bundled tracers and by tests.
 *
 * <p>What the package takes from where:
 * <ul>
 * <li>name: the request's, else the file name without {@code .bpf.c} (or {@code .c});
 * <li>description: the request's, else the first line of the comment block the file starts with,
 * skipping SPDX and copyright lines;
 * <li>params: see {@link GlobalParams}; programs: {@link ProgramList}; outputs: {@link OutputList};
 * <li>options: {@code /// @options {...}} ({@link OptionsAnnotation}), else the defaults.
 * </ul>
 */
public final class TracerBuilder {
    private TracerBuilder() {
    }

    public static TracerPackage build(BuildRequest request) {
        SourceFile source = SourceFile.read(request.source());
        AnnotationPlacement.check(source);
        PackageOptions options = options(source);
        parseAnnotations(source);
        List<Path> includeDirs = includeDirs(request, source);
        SourceTree tree = SourceTree.read(source, includeDirs);
        List<EventStreamSource.Stream> streams = EventStreamSource.find(tree, request.eventTypes());
        Optional<PackageHandler> handler = request.handler().map(TracerBuilder::handler);
        String name = request.name().orElseGet(() -> defaultName(source.fileName()));
        checkName(name);
        CompiledObject compiled = new CompiledObject(compile(request, tree, includeDirs, streams), name);
        String description = request.description().orElseGet(source::leadingDescription);
        return new TracerPackage(TracerPackage.FORMAT_VERSION, name,
                request.version().orElse(BuildRequest.DEFAULT_VERSION), description, compiled.object(), handler,
                GlobalParams.from(compiled, source), ProgramList.from(compiled, source),
                OutputList.from(compiled, source, streams), options, Optional.empty(), source.path().toString());
    }

    /** "execsnoop" for execsnoop.bpf.c. */
    static String defaultName(String fileName) {
        if (fileName.endsWith(".bpf.c")) {
            return fileName.substring(0, fileName.length() - ".bpf.c".length());
        }
        return fileName.endsWith(".c") ? fileName.substring(0, fileName.length() - 2) : fileName;
    }

    private static void checkName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new BuildException("tracer name '" + name + "' must start with a letter or digit and contain "
                    + "only letters, digits, '_', '.' and '-'; choose one with --name");
        }
    }

    private static PackageOptions options(SourceFile source) {
        return source.allAnnotations().stream().filter(a -> a.tag().equals(Annotation.OPTIONS)).findFirst()
                .map(a -> OptionsAnnotation.parse(a, source.fileName())).orElse(PackageOptions.DEFAULTS);
    }

    /** Parses every annotation's JSON before compiling, so that a typo fails fast with its line. */
    private static void parseAnnotations(SourceFile source) {
        for (Declaration d : source.declarations()) {
            d.doc().annotation(Annotation.SAMPLE)
                    .ifPresent(a -> SampleAnnotation.parse(d.name(), a, source.fileName()));
            d.doc().annotation(Annotation.ATTACH).ifPresent(a -> AttachAnnotation.parse(a, source.fileName()));
        }
    }

    private static PackageHandler handler(Path file) {
        String fileName = file.getFileName().toString();
        String language = PackageHandler.languageOf(fileName);
        if (language == null) {
            throw new BuildException("handler " + file + ": unknown language; use a .js, .mjs or .py file");
        }
        try {
            return new PackageHandler(language, fileName, Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new BuildException("handler " + file + ": no such file");
        } catch (IOException e) {
            throw new BuildException("handler " + file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** The source's own directory, then each {@code -I}, which must exist. */
    private static List<Path> includeDirs(BuildRequest request, SourceFile source) {
        List<Path> includeDirs = new ArrayList<>();
        includeDirs.add(source.path().toAbsolutePath().normalize().getParent());
        for (Path dir : request.includeDirs()) {
            if (!Files.isDirectory(dir)) {
                throw new BuildException("-I " + dir + ": no such directory");
            }
            includeDirs.add(dir.toAbsolutePath().normalize());
        }
        return includeDirs;
    }

    /** Compiles in a private temporary directory and returns the object's bytes. */
    private static byte[] compile(BuildRequest request, SourceTree tree, List<Path> userIncludeDirs,
            List<EventStreamSource.Stream> streams) {
        SourceFile source = tree.source();
        Path sourcePath = source.path().toAbsolutePath().normalize();
        List<Path> includeDirs = new ArrayList<>(userIncludeDirs);
        if (tree.needsGeneratedVmlinux()) {
            includeDirs.add(VmlinuxHeader.directory(request.toolchain()));
        }
        Path work = null;
        try {
            work = Files.createTempDirectory("polytrace-build-");
            String base = defaultName(source.fileName());
            Path unit = sourcePath;
            if (!streams.isEmpty()) {
                unit = work.resolve(base + ".polytrace.c");
                Files.writeString(unit, EventTypeAnchors.wrapper(sourcePath, streams), StandardCharsets.UTF_8);
            }
            Path output = work.resolve(base + ".bpf.o");
            String warnings = new ClangCompiler(request.toolchain())
                    .compile(new ClangCompiler.Job(unit, !streams.isEmpty(), includeDirs, request.defines(),
                            request.cpu(), output));
            if (!warnings.isBlank()) {
                request.warnings().accept(warnings);
            }
            return Files.readAllBytes(output);
        } catch (IOException e) {
            throw new BuildException("building " + source.fileName() + ": " + e.getMessage(), e);
        } finally {
            deleteTree(work);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a leftover temporary file is harmless; the build result is what matters
        }
    }
}
