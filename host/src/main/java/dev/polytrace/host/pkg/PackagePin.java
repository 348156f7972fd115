package dev.polytrace.host.pkg;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A package spec with a pinned hash: {@code SPEC#sha256=HEX}, as {@code polytrace share} prints.
 * The hash is the one the daemon lists and {@code remote deploy --sha256} checks: sha256 of the
 * canonical document ({@link PackageWriter#canonical}), so reformatting the file keeps it and any
 * change of content does not.
 *
 * @param spec   what to fetch, without the fragment
 * @param sha256 the expected hash, lower-case hex, when pinned
 */
public record PackagePin(String spec, Optional<String> sha256) {
    private static final Pattern PINNED = Pattern.compile("(.*)#sha256=([0-9a-fA-F]{64})");

    /** Splits off a {@code #sha256=} fragment; a spec without one is returned unpinned. */
    public static PackagePin parse(String spec) {
        Matcher m = PINNED.matcher(spec);
        if (m.matches()) {
            return new PackagePin(m.group(1), Optional.of(m.group(2).toLowerCase(Locale.ROOT)));
        }
        if (spec.contains("#sha256=")) {
            throw new PackageSourceException(spec, "#sha256= needs 64 hex digits");
        }
        return new PackagePin(spec, Optional.empty());
    }

    /** The package read from {@code document}, refused unless it has the pinned hash. */
    public TracerPackage check(byte[] document, String origin) {
        TracerPackage pkg = PackageReader.read(document, origin);
        if (sha256.isPresent()) {
            String actual = ObjectEncoding.sha256(PackageWriter.canonical(pkg));
            if (!actual.equals(sha256.get())) {
                throw new PackageSourceException(origin, "sha256 is " + actual + ", not the pinned " + sha256.get()
                        + "; refusing a package that is not the one the link names");
            }
        }
        return pkg;
    }
}
