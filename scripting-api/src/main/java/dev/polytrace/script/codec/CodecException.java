package dev.polytrace.script.codec;

/**
 * A value that cannot be decoded from, or encoded to, the bytes of a BTF type: data shorter than
 * the type, a number out of range, an unknown struct member, a type with no value (void, a
 * function). The message names the field path (e.g. {@code event.args[2].name}) and the C type.
 */
public class CodecException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String path;

    public CodecException(String message) {
        this(message, "");
    }

    /** @param path the failing field, as in the message, or "" when the whole value failed */
    public CodecException(String message, String path) {
        super(message);
        this.path = path;
    }

    /** The failing field, e.g. {@code event.args[2].name} or {@code .port}; "" when it is the whole value. */
    public String path() {
        return path;
    }
}
