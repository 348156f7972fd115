package dev.polytrace.host.build;

import dev.polytrace.host.pkg.ObjectContents;
import dev.polytrace.host.pkg.PackageObject;
import dev.polytrace.host.pkg.PackageOptions;
import dev.polytrace.host.pkg.PackageOutputs;
import dev.polytrace.host.pkg.TracerPackage;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** The ELF clang produced, with its sha256 and what it contains (programs, maps, BTF, globals). */
final class CompiledObject {
    private final PackageObject object;
    private final ObjectContents contents;

    CompiledObject(byte[] elf, String origin) {
        this.object = new PackageObject(elf, sha256(elf));
        // ObjectContents reads objects through a package; this one only carries the ELF.
        TracerPackage carrier = new TracerPackage(TracerPackage.FORMAT_VERSION, origin, "", "", object,
                Optional.empty(), List.of(), List.of(), new PackageOutputs(List.of(), List.of()),
                PackageOptions.DEFAULTS, Optional.empty(), origin);
        this.contents = ObjectContents.of(carrier);
    }

    PackageObject object() {
        return object;
    }

    ObjectContents contents() {
        return contents;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
