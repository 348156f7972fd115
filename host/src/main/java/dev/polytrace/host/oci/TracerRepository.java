package dev.polytrace.host.oci;

import dev.polytrace.host.pkg.PackageReader;
import dev.polytrace.host.pkg.PackageSources;
import dev.polytrace.host.pkg.TracerPackage;
import java.util.List;
import java.util.Map;

/**
 * Tracer packages in registries: push one under a tag, pull one by tag, digest or the latest
 * tag ({@link LatestTag}). A pull checks every digest on the way (manifest, then layer), and
 * returns the document exactly as it was pushed, signature included.
 */
public final class TracerRepository {
    private final RegistryOptions options;

    public TracerRepository(RegistryOptions options) {
        this.options = options;
    }

    /** What a push stored. */
    public record Pushed(OciReference reference, String digest, long size) {
    }

    /** A pulled package, the reference with the tag it resolved to, and the manifest's digest. */
    public record Pulled(byte[] document, OciReference reference, String digest, Map<String, String> annotations) {
    }

    /**
     * Pushes {@code document} (checked to be a package first) to {@code ref}; without a tag, the
     * package's version is the tag.
     */
    public Pushed push(byte[] document, OciReference ref) {
        TracerPackage pkg = PackageReader.read(document, "package");
        if (ref.digest().isPresent()) {
            throw new RegistryException(ref.toString(), "push to a tag, not a digest: the digest is the registry's to compute");
        }
        OciReference target = ref.tag().isPresent() ? ref : ref.withTag(versionTag(pkg, ref));
        RegistryClient client = RegistryClient.connect(target.registry(), options);
        client.pushBlob(target, TracerArtifact.EMPTY_CONFIG);
        client.pushBlob(target, document);
        byte[] manifest = TracerArtifact.manifest(pkg, document);
        String digest = client.pushManifest(target, manifest);
        return new Pushed(target, digest, manifest.length);
    }

    public Pulled pull(OciReference ref) {
        RegistryClient client = RegistryClient.connect(ref.registry(), options);
        OciReference resolved = ref.version().isPresent() ? ref : ref.withTag(latest(client, ref));
        RegistryClient.Manifest manifest = client.manifest(resolved);
        TracerArtifact.Parsed parsed = TracerArtifact.parse(manifest.bytes(), resolved.toString());
        byte[] document = client.blob(resolved, parsed.layer(), PackageSources.MAX_BYTES);
        return new Pulled(document, resolved, manifest.digest(), parsed.annotations());
    }

    private static String latest(RegistryClient client, OciReference ref) {
        List<String> tags = client.tags(ref);
        return LatestTag.choose(tags).orElseThrow(() -> new RegistryException(ref.toString(), tags.isEmpty()
                ? "the repository has no tags"
                : "no 'latest' tag and no version tag among " + tags + "; name one, e.g. " + ref.withTag(tags.get(0))));
    }

    private static String versionTag(TracerPackage pkg, OciReference ref) {
        String version = pkg.version() == null ? "" : pkg.version().strip();
        if (!version.matches("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}")) {
            throw new RegistryException(ref.toString(), "no tag given and the package's version '" + version
                    + "' cannot be one; add :TAG");
        }
        return version;
    }
}
