package dev.polytrace.host.pkg;

/**
 * The compiled ELF object. In JSON: {@code {"encoding": "zlib+base64", "size": N, "sha256": HEX,
 * "data": BASE64}}; here already decoded and verified against size and sha256.
 */
public record PackageObject(byte[] elf, String sha256) {
    public int size() {
        return elf.length;
    }
}
