package dev.polytrace.host.build;

import java.nio.file.Path;

/** A line of the source or of one of the user's headers. */
record SourceLine(Path file, int line) implements StreamOrigin {
    @Override
    public String label() {
        return file.getFileName() + ":" + line;
    }

    @Override
    public String lineDirective() {
        return "#line " + line + " \"" + cString(file.toAbsolutePath().toString()) + "\"";
    }

    static String cString(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
