package dev.polytrace.host.oci;

import dev.polytrace.host.pkg.PackagePin;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Every place a package can come from on the command line: registries ({@code oci://...} and
 * {@code NAME@HOST}), and whatever {@link PackageSources} reads (paths, URLs, stdin, bundled
 * names); a {@code #sha256=} pin ({@link PackagePin}) is checked whatever the source.
 */
public final class PackageLocator {
    private final RegistryOptions registries;
    private final Path workingDir;

    public PackageLocator(RegistryOptions registries) {
        this(registries, Path.of(""));
    }

    /** Relative paths are read from {@code workingDir} (a local client's, in the service). */
    public PackageLocator(RegistryOptions registries, Path workingDir) {
        this.registries = registries;
        this.workingDir = workingDir;
    }

    /** A package document and where it came from, checked to be a package (and the pinned one). */
    public record Located(byte[] document, TracerPackage pkg, String origin) {
    }

    public Located locate(String spec, InputStream stdin) {
        PackagePin pin = PackagePin.parse(spec);
        String source = pin.spec();
        if (isRegistry(source, workingDir)) {
            TracerRepository.Pulled pulled = new TracerRepository(registries).pull(OciReference.parse(source));
            String origin = pulled.reference().toString();
            return new Located(pulled.document(), pin.check(pulled.document(), origin), origin);
        }
        byte[] document = PackageSources.bytes(source, stdin, workingDir);
        String origin = source.equals("-") ? "stdin" : source;
        return new Located(document, pin.check(document, origin), origin);
    }

    public TracerPackage load(String spec) {
        return locate(spec, System.in).pkg();
    }

    /** oci://..., or NAME@HOST when no file has that name. */
    public static boolean isRegistry(String spec) {
        return isRegistry(spec, Path.of(""));
    }

    private static boolean isRegistry(String spec, Path workingDir) {
        return OciReference.isReference(spec)
                || (OciReference.isNameAtHost(spec) && !Files.exists(workingDir.resolve(spec)));
    }
}
