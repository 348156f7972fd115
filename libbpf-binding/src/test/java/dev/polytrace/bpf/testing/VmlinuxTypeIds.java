package dev.polytrace.bpf.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Type ids of named FUNC and TYPEDEF entries of the kernel's BTF, read by a walk of its own:
 * kernel facts for tests must not depend on the BTF parser the tests exercise.
 */
final class VmlinuxTypeIds {
    static final Path VMLINUX = Path.of("/sys/kernel/btf/vmlinux");
    private static final int KIND_TYPEDEF = 8;
    private static final int KIND_FUNC = 12;
    private static volatile Map<String, Integer> ids;

    private VmlinuxTypeIds() {
    }

    /** The id of {@code FUNC name} or {@code TYPEDEF name}, if the kernel's BTF has it. */
    static Optional<Integer> of(String name) {
        if (!Files.isReadable(VMLINUX)) {
            return Optional.empty();
        }
        Map<String, Integer> known = ids;
        if (known == null) {
            known = read();
            ids = known;
        }
        return Optional.ofNullable(known.get(name));
    }

    private static Map<String, Integer> read() {
        ByteBuffer b;
        try {
            b = ByteBuffer.wrap(Files.readAllBytes(VMLINUX)).order(ByteOrder.LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int headerLength = b.getInt(4);
        int typesStart = headerLength + b.getInt(8);
        int typesEnd = typesStart + b.getInt(12);
        int strings = headerLength + b.getInt(16);
        Map<String, Integer> found = new HashMap<>();
        int id = 1;
        for (int at = typesStart; at < typesEnd; id++) {
            int nameOffset = b.getInt(at);
            int info = b.getInt(at + 4);
            int kind = (info >>> 24) & 0x1f;
            int vlen = info & 0xffff;
            if ((kind == KIND_FUNC || kind == KIND_TYPEDEF) && nameOffset != 0) {
                found.putIfAbsent(cString(b, strings + nameOffset), id);
            }
            at += 12 + trailerSize(kind, vlen);
        }
        return Map.copyOf(found);
    }

    /** Bytes that follow the 12-byte common header of a type, by kind (include/uapi/linux/btf.h). */
    private static int trailerSize(int kind, int vlen) {
        return switch (kind) {
            case 1, 14, 17 -> 4;        // INT, VAR, DECL_TAG
            case 3 -> 12;               // ARRAY
            case 4, 5, 15 -> 12 * vlen; // STRUCT, UNION, DATASEC
            case 6, 13 -> 8 * vlen;     // ENUM, FUNC_PROTO
            case 19 -> 12 * vlen;       // ENUM64
            default -> 0;
        };
    }

    private static String cString(ByteBuffer b, int at) {
        int end = at;
        while (b.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end - at];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
