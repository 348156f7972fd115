package dev.polytrace.host.build;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A source and the headers of the user's that it includes, directly or through each other: what
 * the build reads for map definitions and the helper functions that write to them. A quoted
 * include is looked up beside the including file, then in the include directories (the source's
 * own directory first, then each {@code -I}); an angle include only in the include directories,
 * so system headers are never read. {@code vmlinux.h} is noted, not read: it is the kernel's
 * types, nothing of the user's.
 */
final class SourceTree {
    private final SourceFile source;
    private final List<SourceFile> headers;
    private final boolean includesVmlinux;
    private final boolean hasOwnVmlinux;

    private SourceTree(SourceFile source, List<SourceFile> headers, boolean includesVmlinux, boolean hasOwnVmlinux) {
        this.source = source;
        this.headers = List.copyOf(headers);
        this.includesVmlinux = includesVmlinux;
        this.hasOwnVmlinux = hasOwnVmlinux;
    }

    /** @param includeDirs the directories clang searches, the source's own first */
    static SourceTree read(SourceFile source, List<Path> includeDirs) {
        List<SourceFile> headers = new ArrayList<>();
        boolean includesVmlinux = false;
        Set<Path> seen = new HashSet<>();
        seen.add(source.path().toAbsolutePath().normalize());
        Deque<SourceFile> pending = new ArrayDeque<>(List.of(source));
        while (!pending.isEmpty()) {
            SourceFile file = pending.poll();
            for (IncludeDirective include : file.includes()) {
                if (Path.of(include.target()).getFileName().toString().equals(VmlinuxHeader.FILE_NAME)) {
                    includesVmlinux = true;
                    continue;
                }
                Optional<SourceFile> header = find(include, file, includeDirs).filter(seen::add).flatMap(
                        SourceTree::readHeader);
                header.ifPresent(h -> {
                    headers.add(h);
                    pending.add(h);
                });
            }
        }
        boolean hasOwnVmlinux = includeDirs.stream()
                .anyMatch(d -> Files.isRegularFile(d.resolve(VmlinuxHeader.FILE_NAME)));
        return new SourceTree(source, headers, includesVmlinux, hasOwnVmlinux);
    }

    SourceFile source() {
        return source;
    }

    /** The user's headers in the order they are first included. */
    List<SourceFile> headers() {
        return headers;
    }

    /** The source, then its headers. */
    List<SourceFile> files() {
        List<SourceFile> all = new ArrayList<>();
        all.add(source);
        all.addAll(headers);
        return all;
    }

    /** Whether the build must generate vmlinux.h: it is included and no include directory has one. */
    boolean needsGeneratedVmlinux() {
        return includesVmlinux && !hasOwnVmlinux;
    }

    private static Optional<Path> find(IncludeDirective include, SourceFile from, List<Path> includeDirs) {
        List<Path> dirs = new ArrayList<>();
        if (include.quoted()) {
            dirs.add(from.path().toAbsolutePath().getParent());
        }
        dirs.addAll(includeDirs);
        return dirs.stream().map(d -> d.resolve(include.target()).toAbsolutePath().normalize())
                .filter(Files::isRegularFile).findFirst();
    }

    private static Optional<SourceFile> readHeader(Path header) {
        try {
            return Optional.of(SourceFile.of(header, Files.readString(header, StandardCharsets.UTF_8)));
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty(); // clang reports an unreadable header with its own message
        }
    }
}
