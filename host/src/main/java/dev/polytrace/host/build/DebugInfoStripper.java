package dev.polytrace.host.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Removes the DWARF sections clang's {@code -g} leaves in the object: libbpf needs only
 * {@code .BTF} and {@code .BTF.ext}, and with vmlinux.h the DWARF is most of the file (a 640 KB
 * object becomes 28 KB), which matters for a package meant to be pasted and posted. Uses the
 * {@code llvm-strip} that comes with clang, else the one on PATH; without one the object is kept
 * as it is, which is larger but equally valid.
 */
final class DebugInfoStripper {
    private DebugInfoStripper() {
    }

    static void strip(ExternalTool clang, Path object) {
        Optional<ExternalTool> strip = find(clang);
        if (strip.isEmpty()) {
            return;
        }
        ExternalTool.Result result = strip.get().run(List.of("--strip-debug", object.toString()), null);
        if (!result.ok()) {
            throw new BuildException("llvm-strip could not remove debug info from the object (exit code "
                    + result.exitCode() + "): " + result.stderr().strip().lines().findFirst().orElse("no output"));
        }
    }

    private static Optional<ExternalTool> find(ExternalTool clang) {
        if (clang.isAvailable()) {
            try {
                Path besideClang = Path.of(clang.command()).toRealPath().resolveSibling("llvm-strip");
                if (Files.isExecutable(besideClang)) {
                    return Optional.of(tool(besideClang.toString()));
                }
            } catch (IOException e) {
                // fall through to PATH
            }
        }
        ExternalTool onPath = tool("llvm-strip");
        return onPath.isAvailable() ? Optional.of(onPath) : Optional.empty();
    }

    private static ExternalTool tool(String command) {
        return new ExternalTool("llvm-strip", command, "install llvm");
    }
}
