package dev.polytrace.host.build;

/**
 * A file-scope declaration of the source, as far as the build cares: a program function, a map
 * definition or a global variable, with the {@code ///} block directly above it.
 *
 * @param name    the function, map or variable name; "" when none was recognised
 * @param section the {@code SEC("...")} of a function, ".maps" for a map, null otherwise
 * @param mapType the {@code __uint(type, X)} of a map definition as written, e.g. "BPF_MAP_TYPE_RINGBUF"
 * @param line    the line the declaration starts on
 */
record Declaration(Kind kind, String name, String section, String mapType, int line, DocBlock doc) {
    enum Kind {
        FUNCTION("a function"), MAP("a map definition"), VARIABLE("a global variable"), OTHER("a declaration");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    Declaration withDoc(DocBlock newDoc) {
        return new Declaration(kind, name, section, mapType, line, newDoc);
    }
}
