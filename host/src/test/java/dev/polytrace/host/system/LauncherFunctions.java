package dev.polytrace.host.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs some of the launcher's own bash functions, taken from {@code ./polytrace}, in a test. */
final class LauncherFunctions {
    private final String functions;

    private LauncherFunctions(String functions) {
        this.functions = functions;
    }

    /** The functions {@code names}, as the launcher defines them. */
    static LauncherFunctions of(String... names) throws IOException {
        String launcher = Files.readString(Path.of("..", "polytrace"), StandardCharsets.UTF_8);
        StringBuilder text = new StringBuilder();
        for (String name : names) {
            text.append(function(launcher, name));
        }
        return new LauncherFunctions(text.toString());
    }

    /** Runs {@code script} after the functions in {@code dir}, with {@code args} as "$@"; its output, stripped. */
    String bash(Path dir, String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", "-c", "set -euo pipefail\n" + functions + script,
                "launcher"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError("bash failed: " + out);
        }
        return out;
    }

    /** The text of bash function NAME in the launcher, from "NAME() {" to the "}" that ends it. */
    private static String function(String launcher, String name) {
        int start = launcher.indexOf("\n" + name + "() {");
        if (start < 0) {
            throw new AssertionError("no function " + name + " in ./polytrace");
        }
        int lineEnd = launcher.indexOf('\n', start + 1);
        String first = launcher.substring(start + 1, lineEnd + 1);
        if (first.stripTrailing().endsWith("}")) {
            return first; // a one-line function
        }
        return launcher.substring(start + 1, launcher.indexOf("\n}\n", start) + 3);
    }
}
