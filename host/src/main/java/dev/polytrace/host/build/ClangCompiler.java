package dev.polytrace.host.build;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Runs the system clang to compile one translation unit into a CO-RE BPF object with BTF:
 * {@code -target bpf -mcpu=v3 -g -O2 -D__TARGET_ARCH_<arch>} ({@link BpfCpu}), the caller's {@code -D} macros and include
 * directories, and the host's system include directories after everything else (as
 * libbpf-bootstrap does) so that {@code <linux/bpf.h>} finds {@code <asm/types.h>}. What the
 * installed libbpf headers lack of a newer libbpf comes first, as a prelude ({@link LibbpfHeaders}).
 * Failures carry clang's diagnostics as printed, plus a hint when they name an undeclared
 * {@code bpf_*} identifier. The DWARF that {@code -g} also produces is stripped afterwards
 * ({@link DebugInfoStripper}).
 */
final class ClangCompiler {
    static final String INSTALL_HINT = "install clang 11 or newer (Debian/Ubuntu: apt-get install clang; "
            + "Fedora: dnf install clang) or pass --clang PATH";
    private static final List<String> WARNINGS = List.of("-Wall", "-Wno-unused-value", "-Wno-pointer-sign",
            "-Wno-compare-distinct-pointer-types");
    private static final Map<String, List<String>> SYSTEM_INCLUDES = new ConcurrentHashMap<>();
    /** Named so that clang's notes about a macro from it read sensibly. */
    private static final String PRELUDE = "newer-libbpf-macros.h";

    private final ExternalTool clang;
    private final String arch;

    ClangCompiler(Toolchain toolchain) {
        this.clang = new ExternalTool("clang", toolchain.clang(), INSTALL_HINT, toolchain.timeLimit());
        this.arch = TargetArch.current();
    }

    /**
     * One compilation.
     *
     * @param unit        the file clang compiles
     * @param generated   whether {@code unit} is a wrapper the build wrote: its "In file included from"
     *                    lines are left out of the diagnostics, which then read as for the user's file
     * @param includeDirs {@code -I} directories, searched in order
     * @param cpu         the instruction set, {@code -mcpu}
     * @param output      the object to write; its directory is private to this job
     */
    record Job(Path unit, boolean generated, List<Path> includeDirs, List<Define> defines, BpfCpu cpu, Path output) {
    }

    /** Compiles; returns clang's warnings ("" when none) or throws {@link CompilationFailedException}. */
    String compile(Job job) throws IOException {
        List<String> args = new ArrayList<>(List.of("-target", "bpf", job.cpu().clangArgument(), "-g", "-O2",
                "-D__TARGET_ARCH_" + arch));
        args.addAll(WARNINGS);
        job.defines().forEach(d -> args.add(d.clangArgument()));
        for (Path dir : job.includeDirs()) {
            args.add("-I");
            args.add(dir.toString());
        }
        for (String dir : systemIncludes()) {
            args.add("-idirafter");
            args.add(dir);
        }
        LibbpfHeaders libbpf = LibbpfHeaders.on(searchPath(job.includeDirs()));
        String prelude = libbpf.prelude();
        if (!prelude.isEmpty()) {
            Path file = job.output().resolveSibling(PRELUDE);
            Files.writeString(file, prelude, StandardCharsets.UTF_8);
            args.addAll(List.of("-include", file.toString()));
        }
        args.addAll(List.of("-c", job.unit().toString(), "-o", job.output().toString()));
        ExternalTool.Result result = clang.run(args, null);
        String diagnostics = job.generated() ? withoutWrapper(result.stderr(), job.unit()) : result.stderr();
        if (!result.ok()) {
            throw new CompilationFailedException(diagnostics, result.exitCode(), libbpf.hint(diagnostics));
        }
        DebugInfoStripper.strip(clang, job.output());
        return diagnostics;
    }

    /** Where clang looks for {@code <...>}: the include directories, then the system's. */
    private List<Path> searchPath(List<Path> includeDirs) {
        List<Path> dirs = new ArrayList<>(includeDirs);
        systemIncludes().forEach(d -> dirs.add(Path.of(d)));
        return dirs;
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
