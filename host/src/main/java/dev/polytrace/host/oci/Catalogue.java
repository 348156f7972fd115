package dev.polytrace.host.oci;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The tracers of one registry, for {@code polytrace search}: the catalog API's repositories, each
 * one's tags, and the annotations of the manifest its latest tag ({@link LatestTag}, else its
 * last tag in the registry's order) points to. Repositories that hold something other than
 * tracers are left out. Only manifests are fetched, never a layer.
 */
public final class Catalogue {
    private Catalogue() {
    }

    /**
     * @param latest the tag {@code NAME@HOST} runs, empty when no tag qualifies
     */
    public record Entry(String repository, List<String> tags, Optional<String> latest, String description,
                        String language) {
    }

    /** The registry's tracers whose repository name or description contains {@code word} (any case); all for null. */
    public static List<Entry> search(String registry, RegistryOptions options, String word) {
        RegistryClient client = RegistryClient.connect(registry, options);
        String needle = word == null ? "" : word.toLowerCase(Locale.ROOT);
        List<Entry> found = new ArrayList<>();
        for (String repository : client.repositories()) {
            OciReference ref = new OciReference(registry, repository, Optional.empty(), Optional.empty());
            entry(client, ref).filter(e -> e.repository().toLowerCase(Locale.ROOT).contains(needle)
                    || e.description().toLowerCase(Locale.ROOT).contains(needle)).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<Entry> entry(RegistryClient client, OciReference ref) {
        List<String> tags = client.tags(ref);
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> latest = LatestTag.choose(tags);
        RegistryClient.Manifest manifest = client.manifest(ref.withTag(latest.orElse(tags.get(tags.size() - 1))));
        JsonNode root = RegistryClient.json(manifest.bytes(), ref.toString());
        if (!TracerArtifact.isTracer(root)) {
            return Optional.empty();
        }
        JsonNode annotations = root.path("annotations");
        return Optional.of(new Entry(ref.repository(), LatestTag.sorted(tags), latest,
                annotations.path(TracerArtifact.DESCRIPTION).asText(""),
                annotations.path(TracerArtifact.LANGUAGE).asText("")));
    }
}
