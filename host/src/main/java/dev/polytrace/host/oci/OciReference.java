package dev.polytrace.host.oci;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tracer in an OCI registry: {@code oci://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST]}. Without a tag
 * or digest the reference is open, and {@link LatestTag} picks the tag when it is pulled. The
 * grammar is the distribution spec's: lower-case repository path components, tags of up to 128
 * characters, sha256 digests only (the one algorithm registries must support).
 *
 * @param registry   host, or host:port
 * @param repository e.g. "tools/execsnoop"
 */
public record OciReference(String registry, String repository, Optional<String> tag, Optional<String> digest) {
    public static final String SCHEME = "oci://";
    private static final Pattern REGISTRY = Pattern.compile("[A-Za-z0-9.-]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final Pattern REPOSITORY = Pattern.compile(
            "[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");
    /** NAME@HOST: a repository on a registry, tag left to {@link LatestTag}. */
    private static final Pattern NAME_AT_HOST = Pattern.compile("([a-z0-9][a-z0-9._/-]*)@([A-Za-z0-9.-]+(?::[0-9]{1,5})?)");

    public OciReference {
        if (tag.isPresent() && digest.isPresent()) {
            throw new IllegalArgumentException("a reference has a tag or a digest, not both");
        }
    }

    public static boolean isReference(String spec) {
        return spec.startsWith(SCHEME);
    }

    /**
     * Whether {@code spec} reads as NAME@HOST (e.g. {@code execsnoop@registry.example:5000}); a
     * file of that name wins, so the caller asks only when no such file exists.
     */
    public static boolean isNameAtHost(String spec) {
        Matcher m = NAME_AT_HOST.matcher(spec);
        return m.matches() && (m.group(2).contains(".") || m.group(2).contains(":") || m.group(2).equals("localhost"));
    }

    /** Parses {@code oci://...} or NAME@HOST. */
    public static OciReference parse(String spec) {
        if (isNameAtHost(spec)) {
            Matcher m = NAME_AT_HOST.matcher(spec);
            m.matches();
            return of(spec, m.group(2), m.group(1), Optional.empty(), Optional.empty());
        }
        if (!isReference(spec)) {
            throw new RegistryException(spec, "not a registry reference (expected oci://HOST[:PORT]/REPO[:TAG|@DIGEST] "
                    + "or NAME@HOST)");
        }
        String rest = spec.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        if (slash <= 0) {
            throw new RegistryException(spec, "expected oci://HOST[:PORT]/REPO[:TAG|@sha256:DIGEST]");
        }
        String host = rest.substring(0, slash);
        String path = rest.substring(slash + 1);
        Optional<String> digest = Optional.empty();
        Optional<String> tag = Optional.empty();
        int at = path.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(path.substring(at + 1));
            path = path.substring(0, at);
        } else {
            int colon = path.lastIndexOf(':');
            if (colon > path.lastIndexOf('/')) {
                tag = Optional.of(path.substring(colon + 1));
                path = path.substring(0, colon);
            }
        }
        return of(spec, host, path, tag, digest);
    }

    private static OciReference of(String spec, String host, String repository, Optional<String> tag,
                                   Optional<String> digest) {
        if (!REGISTRY.matcher(host).matches()) {
            throw new RegistryException(spec, "'" + host + "' is not a registry host[:port]");
        }
        if (!REPOSITORY.matcher(repository).matches() || repository.length() > 255) {
            throw new RegistryException(spec, "'" + repository + "' is not a repository name (lower-case letters, "
                    + "digits and . _ - between them, / between path components)");
        }
        if (tag.isPresent() && !TAG.matcher(tag.get()).matches()) {
            throw new RegistryException(spec, "'" + tag.get() + "' is not a tag (letters, digits, . _ -, at most 128)");
        }
        if (digest.isPresent() && !DIGEST.matcher(digest.get()).matches()) {
            throw new RegistryException(spec, "'" + digest.get() + "' is not a digest (expected sha256: and 64 "
                    + "lower-case hex digits)");
        }
        return new OciReference(host, repository, tag, digest);
    }

    public OciReference withTag(String newTag) {
        return new OciReference(registry, repository, Optional.of(newTag), Optional.empty());
    }

    public OciReference withDigest(String newDigest) {
        return new OciReference(registry, repository, Optional.empty(), Optional.of(newDigest));
    }

    /** The tag or digest the manifest is fetched by; empty for an open reference. */
    public Optional<String> version() {
        return digest.isPresent() ? digest : tag;
    }

    @Override
    public String toString() {
        return SCHEME + registry + "/" + repository + tag.map(t -> ":" + t).orElse("")
                + digest.map(d -> "@" + d).orElse("");
    }
}
