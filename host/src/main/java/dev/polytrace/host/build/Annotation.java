package dev.polytrace.host.build;

import java.util.Set;

/**
 * An {@code @tag argument} line of a {@code ///} comment, e.g.
 * {@code /// @sample {"interval": 1000, "type": "log2_hist"}}. A JSON argument may continue on
 * the following {@code ///} lines until its braces balance.
 *
 * @param line the line the tag is on
 */
record Annotation(String tag, String argument, int line) {
    static final String EVENT = "event";
    static final String SAMPLE = "sample";
    static final String ATTACH = "attach";
    static final String OPTIONS = "options";
    static final String HIDDEN = "hidden";
    static final Set<String> TAGS = Set.of(EVENT, SAMPLE, ATTACH, OPTIONS, HIDDEN);

    /** "@sample at prog.bpf.c:12" style location for messages. */
    String where(String file) {
        return file + ":" + line + ": @" + tag;
    }
}
