package dev.polytrace.host.pkg;

import java.util.Arrays;

/**
 * The compiled ELF object. In JSON: {@code {"encoding": "zlib+base64", "size": N, "sha256": HEX,
 * "data": BASE64}}; here already decoded and verified against size and sha256. Equality compares
 * the bytes, so packages read from equal documents are equal.
 *
 * <p>It also holds the object's parsed model ({@link ObjectContents}: ELF sections, BTF), parsed
 * once, when the package is read or at first use, and shared by every later step of a run (type
 * names for the output, warm-up, param defaults, the load itself) and by every copy of the package
 * ({@code withHandler}, ...), which share this object.
 */
public final class PackageObject {
    private final byte[] elf;
    private final String sha256;
    private volatile ObjectContents contents;

    public PackageObject(byte[] elf, String sha256) {
        this.elf = elf;
        this.sha256 = sha256;
    }

    /** A package object for {@code elf}, with its checksum computed. */
    public static PackageObject of(byte[] elf) {
        return new PackageObject(elf, ObjectEncoding.sha256(elf));
    }

    /** An object whose contents were parsed (and checked) while its package was read. */
    static PackageObject parsed(PackageObject object, ObjectContents contents) {
        object.contents = contents;
        return object;
    }

    public byte[] elf() {
        return elf;
    }

    public String sha256() {
        return sha256;
    }

    public int size() {
        return elf.length;
    }

    /** The parsed object; parsed here (labelled {@code origin} in errors) only if the reader did not. */
    ObjectContents contents(String origin) {
        ObjectContents parsed = contents;
        if (parsed == null) {
            synchronized (this) {
                parsed = contents;
                if (parsed == null) {
                    parsed = ObjectContents.parse(elf, origin, "$.object");
                    contents = parsed;
                }
            }
        }
        return parsed;
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
