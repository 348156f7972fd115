package dev.polytrace.host.build;

/**
 * Where the record type of an event stream was decided: a line of the user's files (the map's
 * definition, or the write that showed the type), or the {@code --event} option.
 */
sealed interface StreamOrigin permits SourceLine, EventTypeOverride {
    /** How messages name it, e.g. "opensnoop.bpf.c:12" or "--event events=struct event". */
    String label();

    /**
     * The {@code #line} directive placed before the type's anchor, so that clang blames this
     * origin for a type that does not exist.
     */
    String lineDirective();
}
