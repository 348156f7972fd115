package dev.polytrace.host.build;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Runs the system clang to compile one translation unit into a CO-RE BPF object with BTF:
 * {@code -target bpf -g -O2 -D__TARGET_ARCH_<arch>}, the caller's include directories, and the
 * host's system include directories after everything else (as libbpf-bootstrap does) so that
 * {@code <linux/bpf.h>} finds {@code <asm/types.h>}. Failures carry clang's diagnostics as printed.
 * The DWARF that {@code -g} also produces is stripped afterwards ({@link DebugInfoStripper}).
 */
final class ClangCompiler {
    static final String INSTALL_HINT = "install clang 11 or newer (Debian/Ubuntu: apt-get install clang; "
            + "Fedora: dnf install clang) or pass --clang PATH";
    private static final List<String> WARNINGS = List.of("-Wall", "-Wno-unused-value", "-Wno-pointer-sign",
            "-Wno-compare-distinct-pointer-types");
    private static final Map<String, List<String>> SYSTEM_INCLUDES = new ConcurrentHashMap<>();

    private final ExternalTool clang;
    private final String arch;

    ClangCompiler(Toolchain toolchain) {
        this.clang = new ExternalTool("clang", toolchain.clang(), INSTALL_HINT);
        this.arch = TargetArch.current();
    }

    /**
     * One compilation.
     *
     * @param unit        the file clang compiles
     * @param generated   whether {@code unit} is a wrapper the build wrote: its "In file included from"
     *                    lines are left out of the diagnostics, which then read as for the user's file
     * @param includeDirs {@code -I} directories, searched in order
     */
    record Job(Path unit, boolean generated, List<Path> includeDirs, Path output) {
    }

    /** Compiles; returns clang's warnings ("" when none) or throws {@link CompilationFailedException}. */
    String compile(Job job) {
        List<String> args = new ArrayList<>(List.of("-target", "bpf", "-g", "-O2", "-D__TARGET_ARCH_" + arch));
        args.addAll(WARNINGS);
        for (Path dir : job.includeDirs()) {
            args.add("-I");
            args.add(dir.toString());
        }
        for (String dir : systemIncludes()) {
            args.add("-idirafter");
            args.add(dir);
        }
        args.addAll(List.of("-c", job.unit().toString(), "-o", job.output().toString()));
        ExternalTool.Result result = clang.run(args, null);
        String diagnostics = job.generated() ? withoutWrapper(result.stderr(), job.unit()) : result.stderr();
        if (!result.ok()) {
            throw new CompilationFailedException(diagnostics, result.exitCode());
        }
        DebugInfoStripper.strip(clang, job.output());
        return diagnostics;
    }

    /** The directories clang searches for {@code <...>} when compiling for the host, asked once per clang. */
    private List<String> systemIncludes() {
        return SYSTEM_INCLUDES.computeIfAbsent(clang.command(), c -> {
            ExternalTool.Result r = clang.run(List.of("-v", "-E", "-x", "c", "/dev/null"), null);
            List<String> dirs = new ArrayList<>();
            boolean inList = false;
            for (String line : r.stderr().lines().toList()) {
                if (line.startsWith("#include <...> search starts here")) {
                    inList = true;
                } else if (line.startsWith("End of search list")) {
                    break;
                } else if (inList && line.startsWith(" ")) {
                    dirs.add(line.strip());
                }
            }
            return List.copyOf(dirs);
        });
    }

    /** Removes the include-stack lines naming the generated wrapper; everything else is kept verbatim. */
    static String withoutWrapper(String stderr, Path wrapper) {
        Pattern ours = Pattern.compile("In file included from " + Pattern.quote(wrapper.toString()) + ":\\d+:");
        StringBuilder kept = new StringBuilder();
        for (String line : stderr.split("(?<=\n)")) {
            if (!ours.matcher(line.strip()).matches()) {
                kept.append(line);
            }
        }
        return kept.toString();
    }
}
