package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfType;
import java.util.Objects;

/**
 * Encodes values of the {@link BtfCodec} value model into the bytes of a BTF type, for map keys
 * and values written by handlers and the REPL. {@code decode(encode(v))} gives {@code v} back
 * for every value decoding produces. Stateless and thread-safe.
 *
 * <p>Besides the decoded forms, it accepts what a script naturally writes:
 * <ul>
 * <li>integers, bitfields and pointers: any integral {@link Number} (whole-valued doubles too), or
 *     a string in decimal or {@code 0x} hex ({@code "0xffff8880012a3b40"}); the value must fit the
 *     C type's range, signed or unsigned as declared;
 * <li>bool: {@link Boolean}, 0 or 1, {@code "true"} or {@code "false"};
 * <li>enum: an enumerator name, or a number that fits the enum's size read signed or unsigned;
 * <li>float: any {@link Number} or numeric string;
 * <li>char arrays: a {@link String} of at most N UTF-8 bytes (NUL-terminated when shorter), a list
 *     of byte values or a {@code byte[]};
 * <li>other arrays: a {@link java.util.List} or {@code Object[]} of at most N elements, the rest zero;
 * <li>struct: a {@link java.util.Map} by member name (anonymous members' names in place, as
 *     decoded); members left out are zero, unknown names are an error listing the valid ones;
 * <li>union: a map giving one member; when it gives several (as a decoded union does) the widest
 *     is written, one that re-encodes exactly preferred, then the first declared;
 * <li>{@code null} anywhere: zero.
 * </ul>
 *
 * <p>Errors are a {@link CodecException} naming the value, the C type and the field, e.g.
 * {@code counts key: 70000 is out of range for unsigned short (field .port)}.
 */
public final class BtfEncoder {
    public BtfEncoder() {
        // Stateless: one instance may serve every thread.
    }

    /** Encodes {@code value} as {@code type}; errors are labelled with the type's C name. */
    public byte[] encode(BtfType type, Object value) {
        return encode(type, value, type.cName());
    }

    /**
     * Encodes {@code value} as {@code type}.
     *
     * @param what labels errors, e.g. {@code "counts key"} for the key of map {@code counts}
     * @throws CodecException when the value does not fit the type
     */
    public byte[] encode(BtfType type, Object value, String what) {
        Objects.requireNonNull(type, "type");
        long size = type.size();
        if (size > Integer.MAX_VALUE - 8) {
            throw new CodecException(what + ": " + type.cName() + " is too large to encode (" + size + " bytes)");
        }
        byte[] out = new byte[(int) size];
        try {
            new ValueWriter(out).write(type, value, 0);
        } catch (FieldError e) {
            String path = e.relativePath();
            throw new CodecException(what + ": " + e.problem() + (path.isEmpty() ? "" : " (field " + path + ")"), path);
        }
        return out;
    }
}
