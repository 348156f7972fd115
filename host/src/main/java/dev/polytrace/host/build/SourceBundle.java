package dev.polytrace.host.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A {@code .bpf.c} and the headers it includes, held in memory (what a client sends a daemon to
 * build), and the build of it confined to those files: each name is a plain relative path, every
 * include is checked by {@link IncludeConfinement}, and the files are written into a new private
 * directory that is the only include directory besides the system's.
 *
 * @param sourceName e.g. "execsnoop.bpf.c"
 * @param headers    relative path (as the source includes it, e.g. "maps.h" or "include/event.h") to text
 */
public record SourceBundle(String sourceName, String source, Map<String, String> headers) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_+-][A-Za-z0-9_.+-]{0,127}");
    private static final int MAX_DEPTH = 8;

    public SourceBundle {
        headers = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    /**
     * The source at {@code source} and the user's headers it includes (what {@code polytrace build}
     * would read from its directory and {@code includeDirs}), each named by its path relative to
     * the directory it was found in, so that the same includes find it in a build directory.
     */
    public static SourceBundle collect(Path source, List<Path> includeDirs) {
        Path sourcePath = source.toAbsolutePath().normalize();
        List<Path> dirs = new java.util.ArrayList<>(List.of(sourcePath.getParent()));
        for (Path dir : includeDirs) {
            if (!Files.isDirectory(dir)) {
                throw new BuildException("-I " + dir + ": no such directory");
            }
            dirs.add(dir.toAbsolutePath().normalize());
        }
        SourceTree tree = SourceTree.read(SourceFile.read(source), dirs);
        Map<String, String> headers = new LinkedHashMap<>();
        for (SourceFile header : tree.headers()) {
            Path path = header.path().toAbsolutePath().normalize();
            Path base = dirs.stream().filter(path::startsWith).findFirst().orElseThrow(() -> new BuildException(
                    "header " + path + " lies outside the source's directory and the -I directories; a remote build "
                            + "gets only files from those"));
            headers.putIfAbsent(base.relativize(path).toString(), read(path));
        }
        return new SourceBundle(sourcePath.getFileName().toString(), read(sourcePath), headers);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BuildException(file + ": cannot read (" + e.getMessage() + ")", e);
        }
    }

    /** Checks names and includes; {@link BuildException}s name the file at fault. */
    public SourceBundle check() {
        checkName(sourceName, "source");
        if (sourceName.contains("/")) {
            throw new BuildException("source name '" + sourceName + "': a file name, without a directory");
        }
        if (!sourceName.endsWith(".c")) {
            throw new BuildException("source name '" + sourceName + "': expected a .bpf.c (or .c) file");
        }
        headers.keySet().forEach(h -> checkName(h, "header"));
        if (headers.containsKey(sourceName)) {
            throw new BuildException("header '" + sourceName + "' has the source's name");
        }
        IncludeConfinement.check(sourceName, source);
        headers.forEach(IncludeConfinement::check);
        return this;
    }

    /** Writes the files into {@code dir} (made 0700 here if missing) and returns the source's path. */
    public Path writeTo(Path dir) throws IOException {
        check();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path sourcePath = dir.resolve(sourceName);
        Files.writeString(sourcePath, source, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> header : headers.entrySet()) {
            Path file = dir.resolve(header.getKey()).normalize();
            if (!file.startsWith(dir)) {
                throw new BuildException("header '" + header.getKey() + "' would be written outside the build directory");
            }
            Files.createDirectories(file.getParent());
            Files.writeString(file, header.getValue(), StandardCharsets.UTF_8);
        }
        return sourcePath;
    }

    /** Total characters of the source and headers, for a daemon's request limit. */
    public long size() {
        return source.length() + headers.entrySet().stream()
                .mapToLong(e -> e.getKey().length() + e.getValue().length()).sum();
    }

    private static void checkName(String name, String what) {
        List<String> segments = List.of(name.split("/", -1));
        if (name.isEmpty() || segments.size() > MAX_DEPTH
                || !segments.stream().allMatch(s -> SEGMENT.matcher(s).matches() && !s.equals("..") && !s.equals("."))) {
            throw new BuildException(what + " name '" + name + "': expected a relative path of at most " + MAX_DEPTH
                    + " parts, each letters, digits, '.', '_', '+' or '-' (not starting with '.'), e.g. include/event.h");
        }
    }
}
