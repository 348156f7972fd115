package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfType;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A failure deep inside a value, unwound through the reader or writer: each enclosing struct or
 * array adds its segment on the way out, so the hot path never builds path strings and the
 * public {@link CodecException} still names the whole path. Carries no stack trace.
 */
final class FieldError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient BtfType type;
    private final Deque<String> segments = new ArrayDeque<>();

    /** @param type the type of the field that failed, named in the message */
    FieldError(BtfType type, String problem) {
        super(problem, null, false, false);
        this.type = type;
    }

    /** Prepends a path segment: {@code .name} for a member, {@code [i]} for an element. */
    FieldError within(String segment) {
        segments.addFirst(segment);
        return this;
    }

    BtfType type() {
        return type;
    }

    String problem() {
        return getMessage();
    }

    /** The segments joined, e.g. {@code .args[2].name}; "" when the failure is the value itself. */
    String relativePath() {
        return String.join("", segments);
    }
}
