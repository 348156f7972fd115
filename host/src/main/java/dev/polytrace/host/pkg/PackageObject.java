package dev.polytrace.host.pkg;

import java.util.Arrays;

/**
 * The compiled ELF object. In JSON: {@code {"encoding": "zlib+base64", "size": N, "sha256": HEX,
 * "data": BASE64}}; here already decoded and verified against size and sha256. Equality compares
 * the bytes, so packages read from equal documents are equal.
 */
public record PackageObject(byte[] elf, String sha256) {
    /** A package object for {@code elf}, with its checksum computed. */
    public static PackageObject of(byte[] elf) {
        return new PackageObject(elf, ObjectEncoding.sha256(elf));
    }

    public int size() {
        return elf.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PackageObject other && Arrays.equals(elf, other.elf) && sha256.equals(other.sha256);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(elf) * 31 + sha256.hashCode();
    }

    /** Size and checksum: the bytes themselves are no use in a message. */
    @Override
    public String toString() {
        return "PackageObject[size=" + elf.length + ", sha256=" + sha256 + "]";
    }
}
