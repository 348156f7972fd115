package dev.polytrace.host.oci;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.polytrace.host.pkg.PackageHandler;
import dev.polytrace.host.pkg.TracerPackage;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A tracer package as an OCI artifact (image-spec 1.1 "artifact" guidance): an image manifest
 * whose {@code artifactType} is {@link #ARTIFACT_TYPE}, whose config is the empty descriptor
 * ({@code {}}), and whose one layer is the package document as written, so that its signature
 * travels with it. The tracer's name, version, description and handler language are annotations
 * of the manifest, for catalogue listings that fetch no layer. No timestamp is recorded: pushing
 * the same package twice gives the same digest.
 */
public final class TracerArtifact {
    public static final String ARTIFACT_TYPE = "application/vnd.polytrace.tracer.v1";
    public static final String LAYER_TYPE = "application/vnd.polytrace.tracer.v1+json";
    static final String EMPTY_TYPE = "application/vnd.oci.empty.v1+json";
    static final byte[] EMPTY_CONFIG = "{}".getBytes(StandardCharsets.UTF_8);
    public static final String TITLE = "org.opencontainers.image.title";
    public static final String DESCRIPTION = "org.opencontainers.image.description";
    public static final String VERSION = "org.opencontainers.image.version";
    public static final String NAME = "dev.polytrace.tracer.name";
    public static final String LANGUAGE = "dev.polytrace.handler.language";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TracerArtifact() {
    }

    /** The manifest for {@code document} (the bytes pushed as the layer), which {@code pkg} was read from. */
    static byte[] manifest(TracerPackage pkg, byte[] document) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schemaVersion", 2);
        root.put("mediaType", RegistryClient.MANIFEST_TYPE);
        root.put("artifactType", ARTIFACT_TYPE);
        root.set("config", Descriptor.of(EMPTY_TYPE, EMPTY_CONFIG, Map.of()).toJson());
        root.putArray("layers").add(Descriptor.of(LAYER_TYPE, document,
                Map.of(TITLE, pkg.name() + ".tracer.json")).toJson());
        ObjectNode annotations = root.putObject("annotations");
        new TreeMap<>(annotations(pkg)).forEach(annotations::put);
        try {
            return JSON.writeValueAsBytes(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, String> annotations(TracerPackage pkg) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(NAME, pkg.name());
        a.put(LANGUAGE, pkg.handler().map(PackageHandler::language).orElse("none"));
        if (pkg.version() != null && !pkg.version().isBlank()) {
            a.put(VERSION, pkg.version());
        }
        if (pkg.description() != null && !pkg.description().isBlank()) {
            a.put(DESCRIPTION, pkg.description());
        }
        return a;
    }

    /** What a pulled manifest says: the package layer and the manifest's annotations. */
    record Parsed(Descriptor layer, Map<String, String> annotations) {
    }

    /** @throws RegistryException when the manifest is not a polytrace tracer's */
    static Parsed parse(byte[] manifest, String reference) {
        JsonNode root = RegistryClient.json(manifest, reference);
        String mediaType = root.path("mediaType").asText(RegistryClient.MANIFEST_TYPE);
        if (!mediaType.equals(RegistryClient.MANIFEST_TYPE)) {
            throw new RegistryException(reference, "not a polytrace tracer (a manifest of type " + mediaType + ")");
        }
        if (!isTracer(root)) {
            throw new RegistryException(reference, "not a polytrace tracer (artifact type '"
                    + root.path("artifactType").asText(root.path("config").path("mediaType").asText("none"))
                    + "', expected " + ARTIFACT_TYPE + ")");
        }
        List<Descriptor> layers;
        try {
            layers = new java.util.ArrayList<>();
            for (JsonNode layer : root.path("layers")) {
                Descriptor d = Descriptor.fromJson(layer);
                if (d.mediaType().equals(LAYER_TYPE)) {
                    layers.add(d);
                }
            }
        } catch (IllegalArgumentException e) {
            throw new RegistryException(reference, "malformed manifest: " + e.getMessage(), e);
        }
        if (layers.size() != 1) {
            throw new RegistryException(reference, "malformed tracer artifact: " + layers.size() + " layers of type "
                    + LAYER_TYPE + ", expected one");
        }
        Map<String, String> annotations = new TreeMap<>();
        root.path("annotations").fields().forEachRemaining(e -> annotations.put(e.getKey(), e.getValue().asText()));
        return new Parsed(layers.get(0), annotations);
    }

    /** Whether a manifest is one of ours (artifactType, or a config of our type as older tools write). */
    static boolean isTracer(JsonNode manifest) {
        return ARTIFACT_TYPE.equals(manifest.path("artifactType").asText())
                || ARTIFACT_TYPE.equals(manifest.path("config").path("mediaType").asText());
    }
}
