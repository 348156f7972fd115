package dev.polytrace.host.session;

import dev.polytrace.bpf.OpenBpfObject;
import dev.polytrace.bpf.OpenProgram;
import dev.polytrace.bpf.btf.Btf;
import dev.polytrace.bpf.btf.BtfTypedef;
import dev.polytrace.host.input.UserError;
import dev.polytrace.host.system.SystemFacts;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Leaves out, before load, the programs whose tracepoint this kernel does not have, as a tool's
 * C user space does (syncsnoop disables its {@code sys_enter_sync_file_range2} program on x86,
 * which has no such syscall): otherwise libbpf fails the whole run on that one attach. What was
 * left out is one line for the user; when nothing is left, the run fails saying why.
 */
final class AbsentHooks {
    /** Asks tracefs and, for an event named alone, the kernel's BTF; true when neither can tell. */
    static final Predicate<Tracepoint> KERNEL = AbsentHooks::onThisKernel;

    private AbsentHooks() {
    }

    /**
     * A tracepoint a program's section names: {@code tracepoint/CATEGORY/NAME} ({@code tp/...}),
     * or an event named without its category by {@code raw_tp/NAME}, {@code raw_tracepoint/NAME}
     * and {@code tp_btf/NAME} (category null).
     */
    record Tracepoint(String category, String name) {
        static Optional<Tracepoint> of(String section) {
            int slash = section.indexOf('/');
            if (slash < 0) {
                return Optional.empty();
            }
            String kind = section.substring(0, slash).replaceFirst("\\..*$", "");
            String rest = section.substring(slash + 1);
            return switch (kind) {
                case "tracepoint", "tp" -> {
                    String[] parts = rest.split("/", -1);
                    yield parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty()
                            ? Optional.of(new Tracepoint(parts[0], parts[1])) : Optional.empty();
                }
                case "raw_tp", "raw_tracepoint", "tp_btf" -> rest.isEmpty() || rest.contains("/") ? Optional.empty()
                        : Optional.of(new Tracepoint(null, rest));
                default -> Optional.empty();
            };
        }

        @Override
        public String toString() {
            return category == null ? name : category + ":" + name;
        }
    }

    /**
     * Disables the loaded programs whose tracepoint {@code exists} denies, except those in
     * {@code targeted}, which attach where their target says instead.
     *
     * @return what was left out as one sentence, or "" when nothing was
     * @throws UserError when that leaves no program to load
     */
    static String apply(OpenBpfObject open, Set<String> targeted, Predicate<Tracepoint> exists) {
        List<String> absent = new ArrayList<>();
        for (OpenProgram program : open.programs()) {
            if (!program.autoload() || targeted.contains(program.name())) {
                continue;
            }
            Optional<Tracepoint> tracepoint = Tracepoint.of(program.section()).filter(tp -> !exists.test(tp));
            if (tracepoint.isPresent()) {
                program.setAutoload(false);
                absent.add(program.name() + " (" + tracepoint.get() + ")");
            }
        }
        if (absent.isEmpty()) {
            return "";
        }
        if (open.programs().stream().noneMatch(OpenProgram::autoload)) {
            throw new UserError(open.name() + ": no program to load: this kernel lacks the tracepoint of every one: "
                    + String.join(", ", absent));
        }
        return "not loading the program" + (absent.size() == 1 ? "" : "s") + " whose tracepoint this kernel lacks: "
                + String.join(", ", absent);
    }

    private static boolean onThisKernel(Tracepoint tp) {
        String tracefs = SystemFacts.mountPoint("tracefs");
        Path events = tracefs == null ? null : Path.of(tracefs, "events");
        boolean tracefsTells = events != null && Files.isDirectory(events);
        if (tp.category() != null) {
            return !tracefsTells || Files.isDirectory(events.resolve(tp.category()).resolve(tp.name()));
        }
        if (inKernelBtf(tp.name())) {
            return true;
        }
        return !tracefsTells || inSomeCategory(events, tp.name());
    }

    /** libbpf finds a tp_btf hook by the {@code btf_trace_NAME} typedef every tracepoint has in BTF. */
    private static boolean inKernelBtf(String name) {
        try {
            return Btf.vmlinux().byName("btf_trace_" + name, BtfTypedef.class).isPresent();
        } catch (RuntimeException e) {
            return false; // no kernel BTF: tracefs decides
        }
    }

    /** A module's tracepoints are in no vmlinux BTF but, while it is loaded, in tracefs. */
    private static boolean inSomeCategory(Path events, String name) {
        try (DirectoryStream<Path> categories = Files.newDirectoryStream(events, Files::isDirectory)) {
            for (Path category : categories) {
                if (Files.isDirectory(category.resolve(name))) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return true; // cannot tell: let libbpf try
        }
    }
}
