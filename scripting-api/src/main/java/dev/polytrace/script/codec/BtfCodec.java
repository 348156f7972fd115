package dev.polytrace.script.codec;

import dev.polytrace.bpf.btf.BtfType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * Decodes the bytes of a BTF-described value into plain Java values: the one decoder behind
 * table and JSON output, handler events and map contents, so the same bytes always read the
 * same way. Stateless and thread-safe.
 *
 * <p>The value model (JSON-ready and the same for every script language):
 * <ul>
 * <li>struct and union: {@code LinkedHashMap<String, Object>} in member order; members of an
 *     anonymous struct or union member are put in the enclosing map, as C names them; a union
 *     has every member, each decoded from the same bytes; unnamed bitfields are padding, left out;
 * <li>integers up to 64 bits, bitfields included: {@link Long}, sign-extended when signed; an
 *     unsigned 64-bit value above {@link Long#MAX_VALUE} is a {@link java.math.BigInteger};
 *     a single {@code char} is a number too;
 * <li>{@code __int128} and {@code unsigned __int128}: a {@link String} of the value's decimal
 *     digits (with a minus sign when negative), as eunomia-bpf's ecli prints them: JSON readers
 *     and script numbers would round 128 bits; encoding takes such a string back;
 * <li>{@code _Bool} (and bool bitfields): {@link Boolean};
 * <li>arrays of 1-byte integers ({@code char[N]}, {@code unsigned char[N]}, {@code __u8[N]}):
 *     {@link String} of the bytes before the first NUL (all N without one), malformed UTF-8
 *     replaced by U+FFFD; binary byte arrays therefore read lossily and are best taken from the
 *     raw bytes;
 * <li>other arrays: {@code List<Object>}, nested for each dimension ({@code int m[2][3]} is a
 *     list of 2 lists of 3); zero-length (flexible) arrays are empty lists, char ones too;
 * <li>enum: the enumerator's name, or the number when no enumerator has that value;
 * <li>pointer: {@code "0x"} and 16 lower-case hex digits, e.g. {@code 0xffff8880012a3b40};
 * <li>float, double ({@code _Float16} too): {@link Double}, widened exactly;
 * <li>typedef, const, volatile, restrict and type tags: the type they name; a variable: its
 *     type; a data section ({@code .rodata}, {@code .bss}): a map of its variables.
 * </ul>
 *
 * <p>Data shorter than the type fails with a {@link CodecException} naming the first field it
 * cuts, e.g. {@code event.args[2].name (char[16]) needs bytes 40..55, the data has 48}; longer
 * data is fine (ring-buffer records are padded).
 */
public final class BtfCodec {
    public BtfCodec() {
        // Stateless: one instance may serve every thread.
    }

    /** Decodes a value from the start of {@code data}. */
    public Object decode(BtfType type, byte[] data) {
        Objects.requireNonNull(data, "data");
        return decode(type, ByteBuffer.wrap(data), 0);
    }

    /**
     * Decodes a value starting at absolute index {@code offset} of {@code data}, reading little-endian
     * up to the buffer's limit. The buffer's position, limit and byte order are left as they are.
     *
     * @throws CodecException when the data ends inside the value or the type has no value
     */
    public Object decode(BtfType type, ByteBuffer data, int offset) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(data, "data");
        if (offset < 0 || offset > data.limit()) {
            throw new CodecException("cannot decode " + type.cName() + ": offset " + offset
                    + " is outside the data (" + data.limit() + " bytes)");
        }
        ByteBuffer view = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        try {
            return new ValueReader(view, offset, data.limit() - (long) offset).value(type, 0);
        } catch (FieldError e) {
            throw failure(type, e);
        }
    }

    /** What a decode of {@code root} that failed at {@code e}'s field throws. */
    static CodecException failure(BtfType root, FieldError e) {
        String path = rootName(root) + e.relativePath();
        return new CodecException("cannot decode " + root.cName() + " (" + root.size() + " bytes): " + path + " ("
                + e.type().cName() + ") " + e.problem(), path);
    }

    /** The first path segment: the type's own name ({@code event} for {@code struct event}), else "value". */
    static String rootName(BtfType type) {
        if (!type.name().isEmpty()) {
            return type.name();
        }
        String resolved = type.resolve().name();
        return resolved.isEmpty() ? "value" : resolved;
    }
}
