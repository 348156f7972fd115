package dev.polytrace.host.build;

import java.io.IOException;
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
 * Whether a source needs the generated vmlinux.h: it, or a header of the user's that it includes
 * (found beside it or in a {@code -I} directory), includes {@code vmlinux.h}, and no such
 * directory already has one. System headers are not followed.
 */
final class IncludeScan {
    private IncludeScan() {
    }

    static boolean needsGeneratedVmlinux(SourceFile source, List<Path> includeDirs) {
        List<Path> dirs = new ArrayList<>();
        dirs.add(source.path().toAbsolutePath().getParent());
        dirs.addAll(includeDirs);
        if (dirs.stream().anyMatch(d -> Files.isRegularFile(d.resolve(VmlinuxHeader.FILE_NAME)))) {
            return false;
        }
        Set<Path> seen = new HashSet<>();
        Deque<Path> pending = new ArrayDeque<>();
        pending.add(source.path().toAbsolutePath());
        boolean first = true;
        while (!pending.isEmpty()) {
            Path file = pending.poll();
            List<IncludeDirective> includes = first ? source.includes() : includesOf(file);
            first = false;
            List<Path> searched = new ArrayList<>();
            searched.add(file.getParent());
            searched.addAll(dirs);
            for (IncludeDirective include : includes) {
                if (Path.of(include.target()).getFileName().toString().equals(VmlinuxHeader.FILE_NAME)) {
                    return true;
                }
                find(include.target(), searched).filter(seen::add).ifPresent(pending::add);
            }
        }
        return false;
    }

    private static Optional<Path> find(String target, List<Path> dirs) {
        return dirs.stream().map(d -> d.resolve(target).normalize()).filter(Files::isRegularFile).findFirst();
    }

    private static List<IncludeDirective> includesOf(Path header) {
        try {
            return CLexer.lex(Files.readString(header, StandardCharsets.UTF_8)).includes();
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of(); // clang will report an unreadable header with its own message
        }
    }
}
