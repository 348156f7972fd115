package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** This process's threads as {@code /proc/self/task} lists them, by id and name. */
final class OwnThreads {
    private static final Path TASKS = Path.of("/proc/self/task");

    interface Visitor {
        /** @param name as /proc shows it, 15 characters at most: "C2 CompilerThre", "TruffleCompiler" */
        void visit(int tid, String name, Path task) throws IOException;
    }

    private OwnThreads() {
    }

    /** Visits each live thread; one that ends meanwhile is skipped, and all are without /proc. */
    static void forEach(Visitor visitor) {
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                try {
                    int tid = Integer.parseInt(task.getFileName().toString());
                    visitor.visit(tid, Files.readString(task.resolve("comm")).strip(), task);
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            });
        } catch (IOException e) {
            // no /proc
        }
    }

    /** The ids of the live threads; none without /proc. */
    static List<Integer> ids() {
        String[] names = TASKS.toFile().list();
        List<Integer> ids = new ArrayList<>(names == null ? 0 : names.length);
        if (names != null) {
            for (String name : names) {
                ids.add(Integer.parseInt(name));
            }
        }
        return ids;
    }

    /** Thread {@code tid}'s name; "" when it has ended. */
    static String name(int tid) {
        try {
            return Files.readString(TASKS.resolve(Integer.toString(tid)).resolve("comm")).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Thread {@code tid}'s nice value; 19 (the lowest priority) when it cannot be read. */
    static int nice(int tid) {
        return nice(TASKS.resolve(Integer.toString(tid)).resolve("stat"));
    }

    /** Field 19 of a /proc stat file (the name, field 2, may hold spaces). */
    static int nice(Path stat) {
        try {
            String text = Files.readString(stat);
            return Integer.parseInt(text.substring(text.lastIndexOf(')') + 2).split(" ")[16]);
        } catch (IOException | RuntimeException e) {
            return 19;
        }
    }

    /** HotSpot's C1 and C2 threads, JVMCI's and Truffle's compiler threads. */
    static boolean isCompiler(String name) {
        return name.contains("Compiler") || name.contains("Compilation");
    }
}
